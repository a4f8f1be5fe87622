import type { MiddlewareHandler } from 'hono';

export interface SecurityHeaderOptions {
  /** CSP sources allowed for inline <style>, e.g. the hash of the critical CSS. */
  styleSources: string[];
  /** Only the staff console may set cookies (its session); the public side never does. */
  allowCookies?: boolean;
}

/**
 * Headers on every public response. Scripts only from our own origin (no inline script at all),
 * styles only by hash, no third-party origin anywhere, no framing, no referrer.
 */
export function securityHeaders({
  styleSources,
  allowCookies = false,
}: SecurityHeaderOptions): MiddlewareHandler {
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    `style-src ${styleSources.join(' ')}`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "manifest-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', csp);
    h.set('Referrer-Policy', 'no-referrer');
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('X-Frame-Options', 'DENY');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Cross-Origin-Resource-Policy', 'same-origin');
    // Geolocation only for "near me" sorting, done in the browser on our own origin.
    h.set(
      'Permissions-Policy',
      'geolocation=(self), camera=(), microphone=(), payment=(), usb=(), interest-cohort=()',
    );
    if (!h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
    // Never let a cookie through on the public side, whatever a library does.
    if (!allowCookies) h.delete('Set-Cookie');
  };
}
