/**
 * The scheduled jobs Waypoint runs: services/jobs.ts implements each (a name without a case there
 * fails the type check), the jobs handler accepts only these, and cdk/constructs/job-schedules.ts
 * gives each a schedule.
 */
export const JOBS = ['expire-claims', 'stale-listings', 'due-follow-ups', 'erase-notes'] as const;
export type JobName = (typeof JOBS)[number];
