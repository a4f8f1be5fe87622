import { type Context, Hono } from 'hono';
import type { ConsoleContext } from '../../../web/console/layout.js';
import { MessageView } from '../../../web/console/layout.js';
import {
  type StaffFormValues,
  StaffDisableView,
  StaffListView,
  StaffMemberView,
} from '../../../web/console/staff.js';
import { renderDocument } from '../../../web/render.js';
import type { StaffSession } from '../../data/session-store.js';
import { can, type StaffIdentity } from '../../domain/console/roles.js';
import { AccountExistsError, StaffChangeRefused } from '../../domain/console/staff.js';
import { parseChange, parseInvite } from '../../domain/console/staff-form.js';
import type { StaffAdmin } from '../../services/staff-admin.js';

/**
 * The staff area under /console/staff (admins only): the staff list with roles, languages,
 * child-protection group and status; invite; disable (after a confirmation page); re-enable;
 * change roles, group and languages. Plain HTML forms with post/redirect/get; the console app has
 * checked the session and the CSRF token before any of these run. Bad input shows the form again
 * with translated messages next to the fields (400) and stores nothing.
 */
export interface StaffRoutesDeps {
  staffAdmin: StaffAdmin;
  context: (c: Context<StaffEnv>) => Promise<ConsoleContext>;
}

export type StaffEnv = { Variables: { session: StaffSession; identity: StaffIdentity } };

const DONE = ['invited', 'disabled', 'enabled', 'changed'] as const;
/** An identity provider's subject id: printable ASCII, at most 255 characters. */
const SUB = /^[\x21-\x7e]{1,255}$/;

const listOf = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');

/** What the admin typed, to show it again after an error. */
function typedValues(form: Record<string, unknown>): StaffFormValues {
  return {
    ...(typeof form.name === 'string' ? { name: form.name.slice(0, 100) } : {}),
    ...(typeof form.login === 'string' ? { login: form.login.slice(0, 100) } : {}),
    roles: listOf(form.roles),
    languages: listOf(form.languages),
    childProtection: form.childProtection === 'yes',
  };
}

export function createStaffRoutes(deps: StaffRoutesDeps): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  const admin = deps.staffAdmin;

  const message = async (c: Context<StaffEnv>, status: 400 | 403 | 404, title: string, text: string) => {
    const ctx = await deps.context(c);
    return c.html(
      renderDocument(
        <MessageView
          ctx={ctx}
          title={ctx.t(title)}
          message={ctx.t(text)}
          link={{ href: '/console/staff', text: ctx.t('console:staff.back') }}
        />,
      ),
      status,
    );
  };

  app.use('*', async (c, next) => {
    if (!can(c.get('identity'), 'staff:manage'))
      return message(c, 403, 'console:errors.forbiddenTitle', 'console:staff.forbidden');
    return next();
  });

  const body = async (c: Context<StaffEnv>) =>
    (await c.req.parseBody({ all: true })) as Record<string, string | string[]>;

  const notice = (ctx: ConsoleContext, c: Context<StaffEnv>) => {
    const done = DONE.find((d) => d === c.req.query('done'));
    return done ? ctx.t(`console:staff.done.${done}`) : undefined;
  };

  const showList = async (
    c: Context<StaffEnv>,
    extra: { errors?: Record<string, string>; typed?: StaffFormValues } = {},
  ) => {
    const ctx = await deps.context(c);
    const members = await admin.list(c.get('identity'));
    return c.html(
      renderDocument(
        <StaffListView
          ctx={ctx}
          members={members}
          loginKind={admin.loginKind}
          notice={extra.errors ? undefined : notice(ctx, c)}
          {...(extra.errors ? { errors: extra.errors } : {})}
          {...(extra.typed ? { typed: extra.typed } : {})}
        />,
      ),
      extra.errors ? 400 : 200,
    );
  };

  app.get('/', (c) => showList(c));

  app.post('/', async (c) => {
    const form = await body(c);
    const parsed = parseInvite(form, admin.loginKind);
    if (!parsed.ok) return showList(c, { errors: parsed.errors, typed: typedValues(form) });
    try {
      await admin.invite(c.get('identity'), parsed.value);
    } catch (error) {
      if (!(error instanceof AccountExistsError)) throw error;
      return showList(c, { errors: { login: 'login-taken' }, typed: typedValues(form) });
    }
    return c.redirect('/console/staff?done=invited', 303);
  });

  /** One staff member, or a 404 page. */
  const withMember =
    (
      run: (
        c: Context<StaffEnv>,
        member: NonNullable<Awaited<ReturnType<StaffAdmin['list']>>[number]>,
      ) => Promise<Response>,
    ) =>
    async (c: Context<StaffEnv>) => {
      const sub = c.req.param('sub') ?? '';
      const member = SUB.test(sub)
        ? (await admin.list(c.get('identity'))).find((m) => m.sub === sub)
        : undefined;
      if (!member) return message(c, 404, 'console:staff.title', 'console:staff.notFound');
      try {
        return await run(c, member);
      } catch (error) {
        if (error instanceof StaffChangeRefused)
          return error.reason === 'self'
            ? message(c, 400, 'console:staff.title', 'console:staff.errors.self')
            : message(c, 404, 'console:staff.title', 'console:staff.notFound');
        throw error;
      }
    };

  const memberPage = (sub: string, done: (typeof DONE)[number]) =>
    `/console/staff/${encodeURIComponent(sub)}?done=${done}`;

  app.get(
    '/:sub',
    withMember(async (c, member) => {
      const ctx = await deps.context(c);
      return c.html(renderDocument(<StaffMemberView ctx={ctx} member={member} notice={notice(ctx, c)} />));
    }),
  );

  app.post(
    '/:sub/groups',
    withMember(async (c, member) => {
      const form = await body(c);
      const parsed = parseChange(form);
      if (!parsed.ok) {
        const ctx = await deps.context(c);
        return c.html(
          renderDocument(
            <StaffMemberView ctx={ctx} member={member} errors={parsed.errors} typed={typedValues(form)} />,
          ),
          400,
        );
      }
      await admin.change(c.get('identity'), member.sub, parsed.value);
      return c.redirect(memberPage(member.sub, 'changed'), 303);
    }),
  );

  app.get(
    '/:sub/disable',
    withMember(async (c, member) => {
      const ctx = await deps.context(c);
      return c.html(renderDocument(<StaffDisableView ctx={ctx} member={member} />));
    }),
  );

  app.post(
    '/:sub/disable',
    withMember(async (c, member) => {
      await admin.setActive(c.get('identity'), member.sub, false);
      return c.redirect(memberPage(member.sub, 'disabled'), 303);
    }),
  );

  app.post(
    '/:sub/enable',
    withMember(async (c, member) => {
      await admin.setActive(c.get('identity'), member.sub, true);
      return c.redirect(memberPage(member.sub, 'enabled'), 303);
    }),
  );

  return app;
}
