import * as z from 'zod';
import { lazySchema } from '../lazy-schema.js';

/** Reasons a person can give when something about a listing was wrong. */
export const REPORT_REASONS = [
  'number-not-working',
  'closed-or-moved',
  'treated-badly',
  'wrong-information',
  'other',
] as const;

/** An anonymous report about a listing. No contact details are asked for. */
export const ListingReportInputSchema = lazySchema(() =>
  z.object({
    reason: z.enum(REPORT_REASONS, { error: 'errorReason' }),
    message: z.string().trim().max(1000, { error: 'errorMessage' }).optional().default(''),
    /** Honeypot: people never see it, so any value means an automated submission. */
    website: z.string().max(0).optional(),
  }),
);
export type ListingReportInput = z.infer<typeof ListingReportInputSchema>;

/** A report as kept for the directory editors' inbox. */
export interface StoredReport {
  id: string;
  serviceId: string;
  reason: ListingReportInput['reason'];
  message?: string;
  createdAt: string;
}
