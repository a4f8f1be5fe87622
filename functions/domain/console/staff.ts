import * as z from 'zod';
import { lazySchema } from '../lazy-schema.js';
import { REQUEST_LANGUAGES } from '../requests/request.js';
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

/** Error codes of the staff forms; the page maps each to a translated message. */
export type StaffFieldError =
  | 'name-required'
  | 'name-too-long'
  | 'login-invalid'
  | 'email-invalid'
  | 'login-taken'
  | 'role-required'
  | 'role-unknown'
  | 'language-unknown';

const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]).filter(
    (x): x is string => typeof x === 'string',
  );

const rolesSchema = lazySchema(() =>
  z
    .array(z.string())
    .max(10)
    .superRefine((roles, ctx) => {
      if (roles.length === 0) ctx.addIssue({ code: 'custom', message: 'role-required' });
      else if (roles.some((r) => !(ROLES as readonly string[]).includes(r)))
        ctx.addIssue({ code: 'custom', message: 'role-unknown' });
    })
    .transform((roles) => ROLES.filter((r) => roles.includes(r))),
);

const languagesSchema = lazySchema(() =>
  z
    .array(z.string())
    .max(20)
    .refine((ls) => ls.every((l) => (STAFF_LANGUAGES as readonly string[]).includes(l)), {
      message: 'language-unknown',
    })
    .transform((ls) => STAFF_LANGUAGES.filter((l) => ls.includes(l))),
);

const groupsSchema = lazySchema(() =>
  z.object({
    roles: rolesSchema,
    childProtection: z.boolean(),
    languages: languagesSchema,
  }),
);

const LOGIN_NAME = /^[a-z0-9][a-z0-9._@+-]{1,99}$/;

const inviteSchema = (loginKind: IdentityAdmin['loginKind']) =>
  groupsSchema.extend({
    name: z.string().trim().min(1, 'name-required').max(100, 'name-too-long'),
    login: z
      .string()
      .trim()
      .toLowerCase()
      .superRefine((login, ctx) => {
        if (loginKind === 'email' ? !z.email().safeParse(login).success : !LOGIN_NAME.test(login))
          ctx.addIssue({
            code: 'custom',
            message: loginKind === 'email' ? 'email-invalid' : 'login-invalid',
          });
      }),
  });

export type StaffInvite = z.infer<ReturnType<typeof inviteSchema>>;
export type StaffChange = z.infer<typeof groupsSchema>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: Record<string, StaffFieldError> };

function parse<T>(schema: z.ZodType<T>, input: unknown): Parsed<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const errors: Record<string, StaffFieldError> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message as StaffFieldError;
  }
  return { ok: false, errors };
}

/** The roles, child-protection and languages fields of a posted form. */
function groupFields(form: Record<string, unknown>) {
  return {
    roles: list(form.roles),
    childProtection: form.childProtection === 'yes',
    languages: list(form.languages),
  };
}

/** Reads the invitation form: name, login, roles, languages, child-protection group. */
export function parseInvite(
  form: Record<string, unknown>,
  loginKind: IdentityAdmin['loginKind'],
): Parsed<StaffInvite> {
  return parse(inviteSchema(loginKind), {
    name: typeof form.name === 'string' ? form.name : '',
    login: typeof form.login === 'string' ? form.login : '',
    ...groupFields(form),
  });
}

/** Reads the form that changes a staff member's roles, child-protection group and languages. */
export function parseChange(form: Record<string, unknown>): Parsed<StaffChange> {
  return parse(groupsSchema, groupFields(form));
}

/** Why the staff area refuses a change that is well formed. */
export class StaffChangeRefused extends Error {
  override name = 'StaffChangeRefused';
  constructor(readonly reason: 'self' | 'unknown') {
    super(reason);
  }
}
