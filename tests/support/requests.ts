import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { issueFormToken } from '../../functions/services/action-token.js';

/** The app secret of the test portals (tests/support/portal.ts, local-server.ts). */
export const TEST_APP_SECRET = 'integration-test-secret-0123456789abcdef';

/**
 * A form token as GET /api/public/requests/form-token gives it, issued 10 s ago (past the minimum
 * fill time). Each call gives a new token: one token admits one request.
 */
export function agedFormToken(secret = TEST_APP_SECRET): string {
  return issueFormToken(secret, new Date(Date.now() - 10_000));
}

/** A complete, valid callback request for the JSON API. */
export function apiRequestBody(idempotencyKey: string, overrides: Record<string, unknown> = {}) {
  return {
    idempotencyKey,
    formToken: agedFormToken(),
    consentCallback: true,
    channel: 'whatsapp',
    handle: '+66 81 555 0101',
    timeZone: 'Asia/Bangkok',
    safeWindows: [{ days: ['mo', 'tu', 'we', 'th', 'fr'], from: '18:00', to: '21:00' }],
    codeWord: 'mango-sky',
    ifSomeoneElseAnswers: 'Wrong number, sorry',
    message: 'Please call after the shop closes',
    country: 'TH',
    ...overrides,
  };
}

/**
 * The last step of the HTML form, as a browser posts it after a person has taken more than the
 * minimum fill time: every answer in hidden fields, consent given, action "send".
 */
export function formSendBody(
  secret: string,
  idem: string,
  fields: Record<string, string> = {},
): URLSearchParams {
  return new URLSearchParams({
    idem,
    started: issueFormToken(secret, new Date(Date.now() - 10_000)),
    step: 'consent',
    danger: 'no',
    country: 'TH',
    channel: 'sms',
    handle: '+66 81 555 0199',
    codeWord: 'blue-river',
    consent: 'yes',
    action: 'send',
    ...fields,
  });
}

/**
 * Sends the HTML form's last step as a browser does: a successful send answers with a redirect to
 * the code page (post/redirect/get), which is then fetched. `outcome` is what that page says: a new
 * request ("created", what the JSON API answers with 201) or the same one again ("duplicate", 200).
 * Refusals (400, 429, 503) are the answer to the post itself.
 */
export async function sendForm(url: string, body: URLSearchParams) {
  const posted = await fetch(url, { method: 'POST', body, redirect: 'manual' });
  const location = posted.headers.get('location');
  if (posted.status !== 303 || !location)
    return { status: posted.status, posted, html: await posted.text(), code: undefined, outcome: undefined };
  const page = await fetch(new URL(location, url));
  const html = await page.text();
  const code = referenceCodeIn(html);
  const outcome = !code ? undefined : html.includes('class="note duplicate"') ? 'duplicate' : 'created';
  return { status: posted.status, posted, location, page, html, code, outcome } as const;
}

/** The status the JSON API would give for the same outcome: 201 new, 200 the same request again. */
export function apiLikeStatus(sent: {
  status: number;
  outcome?: 'created' | 'duplicate' | undefined;
}): number {
  return sent.outcome === 'created' ? 201 : sent.outcome === 'duplicate' ? 200 : sent.status;
}

/** The reference code shown on a confirmation page. */
export function referenceCodeIn(html: string): string | undefined {
  return /class="reference-code"[^>]*>\s*([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(html)?.[1];
}

/** Every item of a (test) table. Scans are fine here: these tables are small and made for one test. */
export async function scanAll(
  doc: DynamoDBDocumentClient,
  tableName: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Items of one kind (REQ, PII, CODE, IDEMP …) by their sort or partition key prefix. */
export function itemsOf(items: Record<string, unknown>[], kind: 'REQ' | 'PII' | 'CODE' | 'IDEMP') {
  return items.filter((i) =>
    kind === 'PII' ? i.sk === 'PII' : kind === 'REQ' ? i.sk === 'REQ' : String(i.pk).startsWith(`${kind}#`),
  );
}
