import * as z from 'zod';
import { lazySchema } from '../lazy-schema.js';
import { ROLES } from './roles.js';
import { type IdentityAdmin, STAFF_LANGUAGES } from './staff.js';

/**
 * The staff area's two forms (invite someone, change someone's roles, groups and languages), read
 * into checked values or field errors. The rules about who may change whom are in staff.ts and
 * the service (functions/services/staff-admin.ts).
 */
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
