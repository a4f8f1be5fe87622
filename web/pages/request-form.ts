import type * as z from 'zod';
import { AREAS } from '../../functions/domain/directory/taxonomy.js';
import { AGE_BANDS } from '../../functions/domain/requests/priority.js';
import { CallbackRequestSchema, type CallbackRequestInput } from '../../functions/domain/requests/request.js';
import { OPERATOR_GENDERS, REQUEST_LANGUAGES } from '../../functions/domain/requests/vocabulary.js';
import { WEEKDAYS } from '../../functions/domain/requests/safe-windows.js';

/**
 * The callback form as short steps, one question (or one small group) per screen. Without
 * JavaScript each step is a plain POST: the answers so far travel in hidden fields, and nothing is
 * stored until the last step is sent.
 */
export const STEPS = ['start', 'contact', 'when', 'safety', 'about', 'needs', 'consent'] as const;
export type StepId = (typeof STEPS)[number];

/** Form field names per step. */
export const STEP_FIELDS: Record<StepId, readonly string[]> = {
  start: ['danger', 'country'],
  contact: ['channel', 'handle'],
  when: ['tz', 'w1days', 'w1from', 'w1to', 'w2days', 'w2from', 'w2to'],
  safety: ['leaveMessage', 'nameOrg', 'ifOther', 'codeWord'],
  about: ['langs', 'interpreter', 'opGender', 'ageBand', 'province'],
  needs: ['help', 'hurt', 'threats', 'shelter', 'message'],
  consent: ['consent'],
};
/** Steps that cannot be skipped: how to reach the person, and their consent. */
export const REQUIRED_STEPS: ReadonlySet<StepId> = new Set(['contact', 'consent']);
const MULTI_FIELDS = new Set(['w1days', 'w2days', 'langs', 'help']);
export const ALL_FIELDS = STEPS.flatMap((s) => STEP_FIELDS[s]);

/** The answers so far, as the browser sent them. */
export type Draft = Record<string, string[]>;

export function isStep(value: unknown): value is StepId {
  return typeof value === 'string' && (STEPS as readonly string[]).includes(value);
}

/** Reads a urlencoded body into a draft, keeping only known fields and bounding every value. */
export function draftFromBody(body: Record<string, string | File | (string | File)[]>): Draft {
  const draft: Draft = {};
  for (const field of ALL_FIELDS) {
    const raw = body[field] ?? body[`${field}[]`];
    const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
      (v): v is string => typeof v === 'string',
    );
    const kept = values
      .map((v) => v.slice(0, 1000))
      .filter((v) => v.trim() !== '')
      .slice(0, MULTI_FIELDS.has(field) ? 20 : 1);
    if (kept.length) draft[field] = kept;
  }
  return draft;
}

const one = (d: Draft, f: string) => d[f]?.[0];
const yes = (d: Draft, f: string) => one(d, f) === 'yes';

function windowFrom(d: Draft, prefix: 'w1' | 'w2') {
  const days = d[`${prefix}days`] ?? [];
  const from = one(d, `${prefix}from`);
  const to = one(d, `${prefix}to`);
  if (days.length === 0 && prefix === 'w2') return undefined;
  if (days.length === 0 && !from && !to) return undefined;
  return { days, from: from ?? '', to: to ?? '' };
}

/** Turns a draft into the request schema's input (unvalidated). */
export function inputFromDraft(
  draft: Draft,
  meta: { idempotencyKey: string; defaultTimeZone: string },
): Record<string, unknown> {
  const windows = [windowFrom(draft, 'w1'), windowFrom(draft, 'w2')].filter((w) => w !== undefined);
  return {
    idempotencyKey: meta.idempotencyKey,
    consentCallback: yes(draft, 'consent') ? true : undefined,
    channel: one(draft, 'channel'),
    handle: one(draft, 'handle'),
    timeZone: one(draft, 'tz') ?? meta.defaultTimeZone,
    safeWindows: windows,
    mayLeaveMessage: yes(draft, 'leaveMessage'),
    mayNameOrganisation: yes(draft, 'nameOrg'),
    ifSomeoneElseAnswers: one(draft, 'ifOther'),
    codeWord: one(draft, 'codeWord'),
    languages: draft.langs ?? [],
    interpreter: yes(draft, 'interpreter'),
    operatorGender: one(draft, 'opGender') ?? 'any',
    ageBand: one(draft, 'ageBand') ?? 'prefer-not-to-say',
    country: one(draft, 'country'),
    province: one(draft, 'province'),
    helpKinds: draft.help ?? [],
    dangerNow: yes(draft, 'danger'),
    hurtOrSick: yes(draft, 'hurt'),
    threats: yes(draft, 'threats'),
    shelterTonight: yes(draft, 'shelter'),
    message: one(draft, 'message'),
  };
}

/** Schema field → the form field where its error is shown, and the step that asks it. */
const FIELD_OF: Record<string, [string, StepId]> = {
  channel: ['channel', 'contact'],
  handle: ['handle', 'contact'],
  timeZone: ['tz', 'when'],
  safeWindows: ['w1days', 'when'],
  mayLeaveMessage: ['leaveMessage', 'safety'],
  mayNameOrganisation: ['nameOrg', 'safety'],
  ifSomeoneElseAnswers: ['ifOther', 'safety'],
  codeWord: ['codeWord', 'safety'],
  languages: ['langs', 'about'],
  interpreter: ['interpreter', 'about'],
  operatorGender: ['opGender', 'about'],
  ageBand: ['ageBand', 'about'],
  country: ['country', 'start'],
  province: ['province', 'about'],
  helpKinds: ['help', 'needs'],
  dangerNow: ['danger', 'start'],
  message: ['message', 'needs'],
  consentCallback: ['consent', 'consent'],
  idempotencyKey: ['consent', 'consent'],
};

/** Translation key (request:errors.*) for a validation issue. */
function errorKey(issue: z.core.$ZodIssue): string {
  const field = String(issue.path[0] ?? '');
  if (issue.message === 'phone-format') return 'phoneFormat';
  if (issue.message === 'email-format') return 'emailFormat';
  if (issue.message === 'too-long') return 'tooLong';
  if (field === 'channel') return 'channel';
  if (field === 'handle') return 'handle';
  if (field === 'safeWindows') return 'window';
  if (field === 'consentCallback') return 'consent';
  if (field === 'country') return 'country';
  if (field === 'idempotencyKey') return 'tryAgain';
  return 'generic';
}

export type FieldErrors = Record<string, string>;

export interface Validation {
  input?: CallbackRequestInput;
  /** form field → translation key, only for the steps asked about */
  errors: FieldErrors;
  /** the first step with an error */
  firstInvalidStep?: StepId;
}

/** Validates the answers of the given steps (all steps when sending). */
export function validateDraft(
  draft: Draft,
  meta: { idempotencyKey: string; defaultTimeZone: string },
  steps: readonly StepId[],
): Validation {
  const result = CallbackRequestSchema.safeParse(inputFromDraft(draft, meta));
  if (result.success) return { input: result.data, errors: {} };
  const errors: FieldErrors = {};
  let firstInvalidStep: StepId | undefined;
  for (const issue of result.error.issues) {
    const mapped = FIELD_OF[String(issue.path[0] ?? '')];
    if (!mapped) continue;
    const [field, step] = mapped;
    if (!steps.includes(step)) continue;
    errors[field] ??= errorKey(issue);
    if (!firstInvalidStep || STEPS.indexOf(step) < STEPS.indexOf(firstInvalidStep)) firstInvalidStep = step;
  }
  return { errors, ...(firstInvalidStep ? { firstInvalidStep } : {}) };
}

export const FORM_OPTIONS = {
  weekdays: WEEKDAYS,
  languages: REQUEST_LANGUAGES,
  genders: OPERATOR_GENDERS,
  ages: AGE_BANDS,
  helpKinds: [...AREAS, 'for-family', 'something-else'] as const,
  hours: Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`),
};

/** The reference code page of a sent request, kept in the draft until the PIN is set. */
export interface SentState {
  code: string;
  setupToken: string;
  urgent: boolean;
  country?: string;
  duplicate: boolean;
  pinSet: boolean;
  pinError?: string;
}

/** What a draft holds: the answers so far (and the errors of one step), or the sent request. */
export type FormState =
  | {
      answers: Draft;
      idem: string;
      started: string;
      errors?: { step: StepId; fields: FieldErrors };
      sent?: undefined;
    }
  | { sent: SentState; answers?: undefined };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** A draft as it came out of the store, checked (it was sealed by us, but is read defensively). */
export function formStateOf(value: unknown): FormState | undefined {
  if (!isRecord(value)) return undefined;
  if (isRecord(value.sent)) {
    const s = value.sent;
    if (typeof s.code !== 'string' || typeof s.setupToken !== 'string') return undefined;
    return {
      sent: {
        code: s.code,
        setupToken: s.setupToken,
        urgent: s.urgent === true,
        ...(typeof s.country === 'string' ? { country: s.country } : {}),
        duplicate: s.duplicate === true,
        pinSet: s.pinSet === true,
        ...(typeof s.pinError === 'string' ? { pinError: s.pinError } : {}),
      },
    };
  }
  if (!isRecord(value.answers) || typeof value.idem !== 'string' || typeof value.started !== 'string')
    return undefined;
  const answers: Draft = {};
  for (const field of ALL_FIELDS) {
    const v = value.answers[field];
    if (strings(v)) answers[field] = v;
  }
  const e = value.errors;
  const errors =
    isRecord(e) && isStep(e.step) && isRecord(e.fields)
      ? {
          step: e.step,
          fields: Object.fromEntries(
            Object.entries(e.fields).filter((x): x is [string, string] => typeof x[1] === 'string'),
          ),
        }
      : undefined;
  return { answers, idem: value.idem, started: value.started, ...(errors ? { errors } : {}) };
}
