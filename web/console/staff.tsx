import { ROLES } from '../../functions/domain/console/roles.js';
import { STAFF_LANGUAGES, type StaffMember } from '../../functions/domain/console/staff.js';
import { Field, FieldSet } from '../components/form-field.js';
import { type ConsoleContext, ConsoleLayout } from './layout.js';
import { FormAlert } from '../components/form-errors.js';

/**
 * The staff area (/console/staff, admins only): the staff list, the invitation form, one staff
 * member's roles, child-protection group and languages, disable (after a confirmation) and
 * re-enable. Plain forms with post/redirect/get; data comes in as props.
 */

/** What was typed into a form, shown again after an error. */
export interface StaffFormValues {
  name?: string;
  login?: string;
  roles: string[];
  languages: string[];
  childProtection: boolean;
}

const EMPTY: StaffFormValues = { roles: [], languages: [], childProtection: false };

function Notice({ text }: { text?: string | undefined }) {
  return text ? (
    <p role="status" class="notice">
      {text}
    </p>
  ) : null;
}

/** The translated message of an error code of the staff forms. */
function message(ctx: ConsoleContext, code: string | undefined): string | undefined {
  return code ? ctx.t(`console:staff.errors.${code}`) : undefined;
}

/** Roles, the child-protection group and languages: the same fields when inviting and changing. */
function GroupFields({
  ctx,
  values,
  errors,
  idPrefix,
}: {
  ctx: ConsoleContext;
  values: StaffFormValues;
  errors: Record<string, string>;
  idPrefix: string;
}) {
  const { t } = ctx;
  return (
    <>
      <FieldSet
        ctx={ctx}
        id={`${idPrefix}-roles`}
        legend={t('console:staff.roles')}
        error={message(ctx, errors.roles)}
      >
        {ROLES.map((role) => (
          <span class="check-inline">
            <input
              id={`${idPrefix}-role-${role}`}
              type="checkbox"
              name="roles"
              value={role}
              checked={values.roles.includes(role)}
            />
            <label for={`${idPrefix}-role-${role}`}>{t(`console:staff.roleNames.${role}`)}</label>
          </span>
        ))}
      </FieldSet>
      <fieldset>
        <legend>{t('console:staff.childProtection')}</legend>
        <span class="check-inline">
          <input
            id={`${idPrefix}-cp`}
            type="checkbox"
            name="childProtection"
            value="yes"
            checked={values.childProtection}
          />
          <label for={`${idPrefix}-cp`}>{t('console:staff.childProtectionMember')}</label>
        </span>
      </fieldset>
      <FieldSet
        ctx={ctx}
        id={`${idPrefix}-languages`}
        legend={t('console:staff.languages')}
        error={message(ctx, errors.languages)}
      >
        {STAFF_LANGUAGES.map((l) => (
          <span class="check-inline">
            <input
              id={`${idPrefix}-lang-${l}`}
              type="checkbox"
              name="languages"
              value={l}
              checked={values.languages.includes(l)}
            />
            <label for={`${idPrefix}-lang-${l}`}>{l}</label>
          </span>
        ))}
      </FieldSet>
    </>
  );
}

const memberHref = (m: Pick<StaffMember, 'sub'>) => `/console/staff/${encodeURIComponent(m.sub)}`;

export function StaffListView({
  ctx,
  members,
  loginKind,
  notice,
  errors = {},
  typed = EMPTY,
}: {
  ctx: ConsoleContext;
  members: StaffMember[];
  loginKind: 'email' | 'name';
  notice?: string | undefined;
  errors?: Record<string, string>;
  typed?: StaffFormValues;
}) {
  const { t } = ctx;
  const csrf = ctx.user?.csrf ?? '';
  return (
    <ConsoleLayout ctx={ctx} title={t('console:staff.title')}>
      <h1>{t('console:staff.title')}</h1>
      <Notice text={notice} />
      <table class="staff">
        <thead>
          <tr>
            <th scope="col">{t('console:staff.name')}</th>
            <th scope="col">{t('console:staff.login')}</th>
            <th scope="col">{t('console:staff.roles')}</th>
            <th scope="col">{t('console:staff.languages')}</th>
            <th scope="col">{t('console:staff.childProtection')}</th>
            <th scope="col">{t('console:staff.status')}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr data-staff={m.login}>
              <td>
                <a href={memberHref(m)}>{m.name}</a>
              </td>
              <td>{m.login}</td>
              <td>{m.roles.map((r) => t(`console:staff.roleNames.${r}`)).join(', ') || '—'}</td>
              <td>{m.languages.join(', ') || '—'}</td>
              <td>{m.childProtection ? t('console:staff.yes') : t('console:staff.no')}</td>
              <td>{m.active ? t('console:staff.active') : t('console:staff.disabled')}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 id="invite">{t('console:staff.invite')}</h2>
      <p class="hint">
        {t(loginKind === 'email' ? 'console:staff.inviteHintEmail' : 'console:staff.inviteHintLocal')}
      </p>
      {Object.keys(errors).length ? <FormAlert>{t('console:staff.fixErrors')}</FormAlert> : null}
      <form method="post" action="/console/staff" aria-labelledby="invite">
        <input type="hidden" name="csrf" value={csrf} />
        <Field ctx={ctx} id="staff-name" label={t('console:staff.name')} error={message(ctx, errors.name)}>
          {(control) => (
            <input {...control} type="text" name="name" value={typed.name ?? ''} maxLength={100} required />
          )}
        </Field>
        <Field
          ctx={ctx}
          id="staff-login"
          label={t(loginKind === 'email' ? 'console:staff.email' : 'console:staff.loginOrEmail')}
          error={message(ctx, errors.login)}
        >
          {(control) => (
            <input
              {...control}
              name="login"
              value={typed.login ?? ''}
              maxLength={100}
              required
              autocomplete="off"
              type={loginKind === 'email' ? 'email' : 'text'}
            />
          )}
        </Field>
        <GroupFields ctx={ctx} values={typed} errors={errors} idPrefix="invite" />
        <button type="submit" class="button">
          {t('console:staff.sendInvite')}
        </button>
      </form>
    </ConsoleLayout>
  );
}

export function StaffMemberView({
  ctx,
  member,
  notice,
  errors = {},
  typed,
}: {
  ctx: ConsoleContext;
  member: StaffMember;
  notice?: string | undefined;
  errors?: Record<string, string>;
  typed?: StaffFormValues;
}) {
  const { t } = ctx;
  const csrf = ctx.user?.csrf ?? '';
  const values = typed ?? {
    roles: member.roles,
    languages: member.languages,
    childProtection: member.childProtection,
  };
  return (
    <ConsoleLayout ctx={ctx} title={member.name}>
      <p>
        <a href="/console/staff">{t('console:staff.back')}</a>
      </p>
      <h1>{member.name}</h1>
      <Notice text={notice} />
      <p>
        {t('console:staff.login')}: {member.login} · {t('console:staff.status')}:{' '}
        <strong>{member.active ? t('console:staff.active') : t('console:staff.disabled')}</strong>
        {member.lastSeenAt
          ? ` · ${t('console:staff.lastSignIn', { at: member.lastSeenAt.slice(0, 16).replace('T', ' ') })}`
          : ''}
      </p>
      {member.active ? (
        <p>
          <a class="button secondary small" href={`${memberHref(member)}/disable`}>
            {t('console:staff.disable')}
          </a>
        </p>
      ) : (
        <form method="post" action={`${memberHref(member)}/enable`} class="inline">
          <input type="hidden" name="csrf" value={csrf} />
          <button type="submit" class="button small">
            {t('console:staff.enable')}
          </button>
        </form>
      )}
      <h2 id="groups">{t('console:staff.changeGroups')}</h2>
      {Object.keys(errors).length ? <FormAlert>{t('console:staff.fixErrors')}</FormAlert> : null}
      <form method="post" action={`${memberHref(member)}/groups`} aria-labelledby="groups">
        <input type="hidden" name="csrf" value={csrf} />
        <GroupFields ctx={ctx} values={values} errors={errors} idPrefix="change" />
        <button type="submit" class="button">
          {t('console:staff.save')}
        </button>
      </form>
    </ConsoleLayout>
  );
}

/** "Disable this account?": the confirmation before the account stops working. */
export function StaffDisableView({ ctx, member }: { ctx: ConsoleContext; member: StaffMember }) {
  const { t } = ctx;
  return (
    <ConsoleLayout ctx={ctx} title={t('console:staff.disableTitle', { name: member.name })}>
      <h1>{t('console:staff.disableTitle', { name: member.name })}</h1>
      <p>{t('console:staff.disableExplain')}</p>
      <form method="post" action={`${memberHref(member)}/disable`} class="inline">
        <input type="hidden" name="csrf" value={ctx.user?.csrf ?? ''} />
        <button type="submit" class="button">
          {t('console:staff.disableConfirm')}
        </button>
      </form>{' '}
      <a href={memberHref(member)}>{t('console:staff.cancel')}</a>
    </ConsoleLayout>
  );
}
