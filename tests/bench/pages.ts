/**
 * The public pages every front-end figure is measured on, in English, Thai and Burmese (the
 * longest scripts of the eight locales), and small helpers shared by the benchmarks.
 */
import { publicServiceId } from '../../functions/domain/directory/public-ids.js';
import { brotliCompressSync, constants as zlib } from 'node:zlib';

export const BENCH_LOCALES = ['en', 'th', 'my'] as const;

export interface BenchPage {
  id: 'home' | 'services' | 'service' | 'request' | 'status';
  label: string;
  path: (lang: string) => string;
  /** The control a person needs on this page (a form where there is one). */
  usable: string;
}

/** A service page with a rich listing (contacts, hours, shelter rules): set from the running directory. */
export function benchPages(serviceId: string): BenchPage[] {
  return [
    { id: 'home', label: 'home', path: (l) => `/${l}/`, usable: 'main a[href$="/services"]' },
    {
      id: 'services',
      label: 'services list',
      path: (l) => `/${l}/services?place=TH`,
      usable: 'form.finder button',
    },
    {
      id: 'service',
      label: 'service page',
      path: (l) => `/${l}/services/${serviceId}`,
      usable: 'main a[href^="tel:"], main a[href^="sms:"], main a',
    },
    {
      id: 'request',
      label: 'request form',
      path: (l) => `/${l}/help/request`,
      usable: 'form[data-request-form] button[type="submit"]',
    },
    {
      id: 'status',
      label: 'status page',
      path: (l) => `/${l}/help/status`,
      usable: 'form[action$="/help/status"] button[type="submit"]',
    },
  ];
}

/** Brotli as a CDN would send it (node:zlib, quality 11, text mode). */
export function brotliSize(content: string | Buffer): number {
  return brotliCompressSync(typeof content === 'string' ? Buffer.from(content) : content, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT },
  }).length;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const ms = (value: number, digits = 0) => `${value.toFixed(digits)} ms`;

/** The service the page figures use: the sample listing with the most contacts in Thailand. */
export async function pickServiceId(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/public/services?place=TH&lang=en&page=1`);
  const body = (await res.json()) as { items: { id: string; contacts?: unknown[] }[] };
  const sorted = [...body.items].sort((a, b) => (b.contacts?.length ?? 0) - (a.contacts?.length ?? 0));
  const id = sorted[0]?.id;
  if (!id) throw new Error('the directory has no services in TH');
  // The public page's address: the opaque id (the listing id would first redirect).
  return publicServiceId(id);
}
