import * as z from 'zod';
import { lazySchema } from '../lazy-schema.js';
import type { Priority } from './priority.js';

/**
 * An operator's change of a request's priority. Why is a word from PRIORITY_REASONS, never free
 * text: the request item (REQ#<id>), where the queue reads it, is not encrypted and keeps its
 * anonymous parts after "delete my data". What the operator wants to add goes into an encrypted
 * note (NOTE#<id>), like every other note, only when they typed something. The same rule as the
 * safeguarding escalation (safeguarding.ts, docs/safeguarding.md).
 */
export const PRIORITY_REASONS = [
  'new-information',
  'safety-risk',
  'child',
  'health',
  'time-window',
  'other',
] as const;
export type PriorityReason = (typeof PRIORITY_REASONS)[number];

/** The longest details an operator may add (the same as a note). */
export const PRIORITY_DETAILS_MAX = 1000;

export const isPriorityReason = (value: unknown): value is PriorityReason =>
  typeof value === 'string' && (PRIORITY_REASONS as readonly string[]).includes(value);

/** The priority change as kept on the request item: who, a word from the list, when. */
export interface PriorityOverride {
  by: string;
  /** A PRIORITY_REASONS word; items written before the list hold free text (see legacyPriorityReason). */
  reason: string;
  at: string;
}

/**
 * The reason to show for a stored override: its word, or `legacy` for the free text written before
 * the list existed (never shown: `npm run ops:move-notes` moves it into an encrypted note).
 */
export const shownPriorityReason = (override: Pick<PriorityOverride, 'reason'>): PriorityReason | 'legacy' =>
  isPriorityReason(override.reason) ? override.reason : 'legacy';

/** The form as sent: the new priority, a word from the list, optional details for a note. */
export const PriorityChangeSchema = lazySchema(() =>
  z.object({
    priority: z.enum(['1', '2', '3']).transform((p) => Number(p) as Priority),
    reason: z.enum(PRIORITY_REASONS),
    details: z
      .string()
      .optional()
      .transform((d) => d?.trim() ?? '')
      .pipe(z.string().max(PRIORITY_DETAILS_MAX))
      .transform((d) => d || undefined),
  }),
);
export type PriorityChange = z.output<typeof PriorityChangeSchema>;

/** Which field of the form was refused, for the error next to it. */
export type PriorityChangeField = 'priority' | 'reason' | 'details';

/** Parses the form: the change, or the first field refused (the reason before the details). */
export function parsePriorityChange(
  input: Record<string, unknown>,
): { ok: true; change: PriorityChange } | { ok: false; field: PriorityChangeField } {
  const parsed = PriorityChangeSchema.safeParse(input);
  if (parsed.success) return { ok: true, change: parsed.data };
  const fields = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  const field = (['priority', 'reason', 'details'] as const).find((f) => fields.has(f)) ?? 'reason';
  return { ok: false, field };
}
