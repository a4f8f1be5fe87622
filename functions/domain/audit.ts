/**
 * One event of the append-only audit trail. Every view of personal data, every change and every
 * export writes one. Events name the actor and the request, never the personal data itself.
 */
export interface AuditEvent {
  subject: string;
  actor: string;
  actorName: string;
  action: string;
  at: string;
  details?: Record<string, string | number | boolean>;
}
