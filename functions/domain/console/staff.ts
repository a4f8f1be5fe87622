import { REQUEST_LANGUAGES } from '../requests/vocabulary.js';
import { CHILD_PROTECTION_GROUP, ROLES, type Role } from './roles.js';

/**
 * The staff area (/console/staff, admins only): who works in the console, and the rules for
 * inviting, disabling and changing staff. Pure: the identity provider is reached through the
 * `IdentityAdmin` port below (Cognito in AWS, accounts in DynamoDB Local with `npm start`), the
 * staff list through a repository handed in by the service (functions/services/staff-admin.ts).
 */

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

/** A staff member as the staff list holds them (pk STAFF#<sub>, functions/data/staff-store.ts). */
export interface StaffMember {
  /** Stable subject id from the identity provider. */
  sub: string;
  name: string;
  login: string;
  roles: Role[];
  /** Every group the identity provider listed, roles and the child-protection group included. */
  groups: string[];
  childProtection: boolean;
  /**
   * Languages the staff member speaks (request language codes). Kept only here, in the staff
   * record (not a Cognito attribute): the staff area sets them, the queue's "my languages" uses them.
   */
  languages: string[];
  active: boolean;
  lastSeenAt?: string | undefined;
}

/** Languages a staff member can be said to speak: the request languages but "other". */
export const STAFF_LANGUAGES = REQUEST_LANGUAGES.filter((l) => l !== 'other');

/** The account to create at the identity provider. */
export interface NewAccount {
  /** The sign-in name (Cognito: the e-mail address). Lower case. */
  login: string;
  /** Where the invitation goes (Cognito e-mails a temporary password). */
  email?: string | undefined;
  name: string;
  /** Roles and, when chosen, the child-protection group. */
  groups: string[];
}

/**
 * The identity provider as the staff area needs it. Accounts are named by the subject id the
 * provider gave them (Cognito accepts the `sub` as user name for admin calls).
 */
export interface IdentityAdmin {
  /** "email": logins are e-mail addresses (Cognito); "name": any login name (the local provider). */
  readonly loginKind: 'email' | 'name';
  /** Creates the account (Cognito e-mails a temporary password); throws AccountExistsError. */
  invite(account: NewAccount): Promise<{ sub: string }>;
  disable(sub: string): Promise<void>;
  enable(sub: string): Promise<void>;
  /** Makes the account's groups exactly `groups` among the staff groups (roles + child protection). */
  setGroups(sub: string, groups: string[]): Promise<void>;
}

/** The login is taken at the identity provider or on the staff list. */
export class AccountExistsError extends Error {
  override name = 'AccountExistsError';
}

/** Every group the staff area manages: the console roles and the child-protection group. */
export const STAFF_GROUPS: readonly string[] = [...ROLES, CHILD_PROTECTION_GROUP];

/** The groups of a staff member with these roles. */
export const groupsFor = (roles: readonly Role[], childProtection: boolean): string[] => [
  ...ROLES.filter((r) => roles.includes(r)),
  ...(childProtection ? [CHILD_PROTECTION_GROUP] : []),
];

/** Why the staff area refuses a change that is well formed. */
export class StaffChangeRefused extends Error {
  override name = 'StaffChangeRefused';
  constructor(readonly reason: 'self' | 'unknown') {
    super(reason);
  }
}
