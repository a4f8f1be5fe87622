import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import type { CreateOutcome, RequestStore } from '../data/request-store.js';
import { asciiDigits } from '../domain/digits.js';
import { intakeDimensions, isoWeek } from '../domain/requests/aggregates.js';
import { reportCells, reportCounters, reportWeek } from '../domain/requests/reporting.js';
import { type PublicStatus, publicStatus } from '../domain/requests/lifecycle.js';
import { afterFailure, afterSuccess, isLocked, pinProblem } from '../domain/requests/pin-policy.js';
import { basePriority } from '../domain/requests/priority.js';
import type { CodeRecord, StoredRequest } from '../domain/requests/records.js';
import { generateReferenceCode, normalizeReferenceCode } from '../domain/requests/reference-code.js';
import {
  type CallbackRequestInput,
  personalDataOf,
  type RequestPersonalData,
} from '../domain/requests/request.js';
import { CALLBACK_CONSENT_VERSION } from '../domain/requests/vocabulary.js';
import { nextSafeInstant, type SafeWindow } from '../domain/requests/safe-windows.js';
import type { Erasure } from './erasure.js';

/** What the callback-request service needs; the public app gets an encrypt-only encryptor. */
export interface CallbackServiceDeps {
  store: RequestStore;
  /** Cancel and delete reach everything linked to the code (follow-ups, check-ins, notes …). */
  erasure: Pick<Erasure, 'cancelRequest' | 'deleteRequestData'>;
  encrypt: (
    data: Record<string, unknown>,
    context: { requestId: string; purpose: string },
  ) => Promise<string>;
  hashPin: (pin: string) => Promise<string>;
  verifyPin: (pin: string, stored: string | undefined) => Promise<boolean>;
  retentionDays: number;
  now: () => Date;
  randomBytes: (n: number) => Uint8Array;
  /** Anonymous weekly statistics; a failure here never loses the request. */
  countIntake?: (week: string, dimensions: string[]) => Promise<void>;
  /** Reporting counters (domain/requests/reporting.ts): adds counters in cells of a week. */
  countReport?: (
    week: string,
    cells: { region: string; language: string }[],
    counters: Record<string, number>,
  ) => Promise<void>;
  log?: (event: string, fields?: Record<string, string | number | boolean>) => void;
}

export type SubmitResult = { kind: 'created' | 'duplicate'; code: string; pinSet: boolean };
export interface OpenedRequest {
  code: string;
  request: StoredRequest;
  status: PublicStatus;
}

export const PII_PURPOSE = 'callback-contact';
export const MESSAGE_PURPOSE = 'callback-message';

/** The setup token is the form's own idempotency key: only that browser knows it. */
function tokenHash(token: string): string {
  return createHash('sha256').update(`setup:${token}`).digest('base64url');
}

export class CallbackRequests {
  constructor(private readonly deps: CallbackServiceDeps) {}

  private expiry(now: Date): number {
    return Math.floor(now.getTime() / 1000) + this.deps.retentionDays * 86_400;
  }

  /**
   * Stores a request before anyone is told it was received. Safe to call again with the same key.
   * `burst`: the request came in a burst from one rate-limit key (anonymous mark for supervisors).
   */
  async submit(
    input: CallbackRequestInput,
    locale: string,
    options: { burst?: boolean } = {},
  ): Promise<SubmitResult> {
    const existing = await this.deps.store.findByIdempotencyKey(input.idempotencyKey);
    if (existing) return { kind: 'duplicate', code: existing.code, pinSet: await this.pinSet(existing.code) };

    const now = this.deps.now();
    const at = now.toISOString();
    const id = ulid(now.getTime());
    const facts = {
      dangerNow: input.dangerNow,
      hurtOrSick: input.hurtOrSick,
      threats: input.threats,
      shelterTonight: input.shelterTonight,
      ageBand: input.ageBand,
    };
    const request: StoredRequest = {
      id,
      status: 'new',
      priority: basePriority(facts),
      facts,
      createdAt: at,
      updatedAt: at,
      locale,
      channel: input.channel,
      timeZone: input.timeZone,
      safeWindows: input.safeWindows,
      mayLeaveMessage: input.mayLeaveMessage,
      mayNameOrganisation: input.mayNameOrganisation,
      languages: input.languages,
      interpreter: input.interpreter,
      operatorGender: input.operatorGender,
      helpKinds: input.helpKinds,
      country: input.country,
      province: input.province,
      attempts: 0,
      nextContactableAt: new Date(
        nextSafeInstant(input.safeWindows, input.timeZone, now.getTime()),
      ).toISOString(),
      consent: { callback: { version: CALLBACK_CONSENT_VERSION, locale, at } },
      ...(options.burst ? { burst: true } : {}),
    };
    const piiCiphertext = await this.deps.encrypt(
      { ...personalDataOf(input) },
      { requestId: id, purpose: PII_PURPOSE },
    );

    let outcome: CreateOutcome = { kind: 'code-taken' };
    for (let i = 0; i < 5 && outcome.kind === 'code-taken'; i++) {
      outcome = await this.deps.store.create({
        request,
        code: generateReferenceCode(this.deps.randomBytes),
        setupTokenHash: tokenHash(input.idempotencyKey),
        idempotencyKey: input.idempotencyKey,
        piiCiphertext,
        piiExpiresAt: this.expiry(now),
      });
    }
    if (outcome.kind === 'code-taken') throw new Error('No free reference code after 5 tries');
    if (outcome.kind === 'created' && this.deps.countIntake) {
      await this.deps.countIntake(isoWeek(now), intakeDimensions(request)).catch((error: Error) => {
        this.deps.log?.('request.stats_failed', { error: error.name });
      });
    }
    if (outcome.kind === 'created' && this.deps.countReport) {
      await this.deps
        .countReport(
          reportWeek(now),
          reportCells(request),
          reportCounters({ kind: 'intake', helpKinds: request.helpKinds }),
        )
        .catch((error: Error) => {
          this.deps.log?.('request.stats_failed', { error: error.name });
        });
    }
    return {
      kind: outcome.kind,
      code: outcome.code,
      pinSet: outcome.kind === 'duplicate' ? await this.pinSet(outcome.code) : false,
    };
  }

  private async pinSet(code: string): Promise<boolean> {
    return Boolean((await this.deps.store.getCode(code))?.pinHash);
  }

  /** Sets the PIN once, with the token only the submitting browser has. */
  async setPin(
    codeInput: string,
    setupToken: string,
    pinInput: string,
  ): Promise<'ok' | 'invalid-pin' | 'too-simple' | 'refused'> {
    const code = normalizeReferenceCode(codeInput);
    const pin = asciiDigits(pinInput.trim());
    const problem = pinProblem(pin);
    if (problem === 'format') return 'invalid-pin';
    if (problem === 'too-simple') return 'too-simple';
    if (!code) return 'refused';
    const ok = await this.deps.store.setPin(code, tokenHash(setupToken), await this.deps.hashPin(pin));
    return ok ? 'ok' : 'refused';
  }

  /**
   * The one code + PIN check (callback requests and follow-ups, used only through the middleware in
   * http/code-pin.ts): the code record when the PIN is right and the code is not locked, otherwise
   * undefined, after about the same time in every case.
   */
  async verifyCode(codeInput: string, pinInput: string): Promise<CodeRecord | undefined> {
    const code = normalizeReferenceCode(codeInput);
    const pin = asciiDigits(pinInput.trim()).slice(0, 20);
    let record = code ? await this.deps.store.getCode(code) : undefined;
    const now = this.deps.now().getTime();
    const pinMatches = await this.deps.verifyPin(pin, record?.pinHash);
    // Each outcome is written only if no other check changed the counters since they were read;
    // otherwise read and decide again. So 40 guesses sent at once count as 40, not as 1, and a
    // right PIN behind 5 wrong ones finds the code locked. Under a flood, give up refused.
    for (let tries = 0; record && code && tries < 50; tries++) {
      if (isLocked(record, now)) return undefined;
      if (pinMatches && record.failedAttempts === 0 && record.lockouts === 0) return record;
      const next = pinMatches ? afterSuccess() : afterFailure(record, now);
      if (await this.deps.store.savePinState(code, next, record)) return pinMatches ? record : undefined;
      record = await this.deps.store.getCode(code);
    }
    return undefined;
  }

  /** The request behind a verified code record (http/code-pin.ts), or undefined for a follow-up-only code. */
  async forRecord(record: Pick<CodeRecord, 'code' | 'requestId'>): Promise<OpenedRequest | undefined> {
    if (!record.requestId) return undefined;
    const request = await this.deps.store.get(record.requestId);
    if (!request) return undefined;
    return { code: record.code, request, status: publicStatus(request.status, request.attempts) };
  }

  /** Reads the request again after a change made through a verified code. */
  async reload(code: string): Promise<OpenedRequest | undefined> {
    const record = await this.deps.store.getCode(code);
    return record ? this.forRecord(record) : undefined;
  }

  /** The code record, read as it is (no PIN check: for the code + PIN middleware's token path). */
  getCode(code: string): Promise<CodeRecord | undefined> {
    return this.deps.store.getCode(code);
  }

  async changeSafeTimes(request: StoredRequest, timeZone: string, safeWindows: SafeWindow[]): Promise<void> {
    const now = this.deps.now();
    const next = new Date(nextSafeInstant(safeWindows, timeZone, now.getTime())).toISOString();
    await this.deps.store.updateSafeTimes(request.id, timeZone, safeWindows, next, now.toISOString());
    await this.deps.store.markPersonUpdate(request.id, 'safe-times', now.toISOString());
  }

  async changeContact(request: StoredRequest, data: RequestPersonalData): Promise<void> {
    const now = this.deps.now();
    const ciphertext = await this.deps.encrypt({ ...data }, { requestId: request.id, purpose: PII_PURPOSE });
    await this.deps.store.replacePersonalData(
      request.id,
      data.channel,
      ciphertext,
      this.expiry(now),
      now.toISOString(),
    );
    await this.deps.store.markPersonUpdate(request.id, 'contact', now.toISOString());
  }

  async addMessage(request: StoredRequest, message: string): Promise<void> {
    const now = this.deps.now();
    const ciphertext = await this.deps.encrypt(
      { message },
      { requestId: request.id, purpose: MESSAGE_PURPOSE },
    );
    await this.deps.store.addMessage(request.id, ciphertext, this.expiry(now), now.toISOString());
    await this.deps.store.markPersonUpdate(request.id, 'message', now.toISOString());
  }

  /**
   * Cancels: no more contact from the helpline, follow-ups included; contact details and messages
   * are erased now. The code keeps working so the person can see the request is closed.
   */
  async withdraw(request: StoredRequest, code: string): Promise<void> {
    await this.deps.erasure.cancelRequest(request.id, code);
  }

  /** Deletes everything personal, including the code and linked follow-ups; only anonymous statistics remain. */
  async deleteData(request: StoredRequest, code: string): Promise<void> {
    await this.deps.erasure.deleteRequestData(request.id, code);
  }
}
