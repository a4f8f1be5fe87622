import type { Role } from './roles.js';

/** A staff member's server-side session (the browser holds only its random id). */
export interface StaffSession {
  id: string;
  sub: string;
  name: string;
  roles: Role[];
  childProtection: boolean;
  csrf: string;
  locale: string;
  expiresAt: number;
  /** Last request with this session (epoch ms); updated at most once a minute. */
  lastSeenAt: number;
  /** When roles were last read from the staff record (epoch ms). */
  rolesCheckedAt: number;
}

/** One entry of the staff list, refreshed from the identity provider's claims at each sign-in. */
export interface StaffMember {
  /** Stable subject id from the identity provider. */
  sub: string;
  name: string;
  login: string;
  roles: Role[];
  /** Every group the identity provider listed, roles and the child-protection group included. */
  groups: string[];
  childProtection: boolean;
  /** Languages the staff member speaks (request language codes). */
  languages: string[];
  active: boolean;
  lastSeenAt?: string | undefined;
}
