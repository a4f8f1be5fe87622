import { type Context, Hono } from 'hono';
import {
  type ListingFilters,
  ListingEditView,
  type ListingRow,
  ListingsView,
} from '../../../web/console/directory/listings.js';
import type { ConsoleContext } from '../../../web/console/pages.js';
import { MessageView } from '../../../web/console/pages.js';
import { renderDocument } from '../../../web/render.js';
import type { ReportStore } from '../../data/report-store.js';
import { ReportsView } from '../../../web/console/directory/reports.js';
import type { DirectoryStore } from '../../data/directory-store.js';
import { can, type StaffIdentity } from '../../domain/console/roles.js';
import type { StaffSession } from '../../domain/console/staff.js';
import {
  changedFields,
  daysSinceVerified,
  EDITABLE_TEXTS,
  type EditableText,
  type EditResult,
  editTexts,
  setActive,
  type TextEdit,
  translationState,
  verify,
} from '../../domain/directory/editing.js';
import { TRANSLATION_STATUSES, type Service } from '../../domain/directory/model.js';
import type { StoredReport } from '../../domain/directory/report.js';
import { ListingConflictError } from '../../domain/errors.js';
import { isLocale, SUPPORTED_LOCALES } from '../../domain/locales.js';

/**
 * The directory editors' area under /console/directory (roles directory-editor and admin):
 * listings with filters, one listing's texts in every language with their status, verify,
 * deactivate / reactivate. Every change is saved with the revision the editor opened (a second
 * editor gets a conflict, nothing is lost) and an audit event with before and after. Plain HTML
 * forms with post/redirect/get; the console app checks the session and the CSRF token first.
 */
export interface DirectoryRoutesDeps {
  store: Pick<DirectoryStore, 'loadSnapshot' | 'getServiceForEdit' | 'saveServiceEdit'>;
  reports?: Pick<ReportStore, 'listOpen' | 'close'>;
  auditTableName: string;
  staleAfterDays: number;
  now: () => Date;
  context: (c: Context<DirectoryEnv>) => Promise<ConsoleContext>;
}

export type DirectoryEnv = { Variables: { session: StaffSession; identity: StaffIdentity } };

export function createDirectoryRoutes(deps: DirectoryRoutesDeps): Hono<DirectoryEnv> {
  const app = new Hono<DirectoryEnv>();
  const forbidden = async (c: Context<DirectoryEnv>) => {
    const ctx = await deps.context(c);
    return c.html(
      renderDocument(
        <MessageView
          ctx={ctx}
          title={ctx.t('console:errors.forbiddenTitle')}
          message={ctx.t('console:directory.forbidden')}
        />,
      ),
      403,
    );
  };

  // Problem reports: editors and admins see all; supervisors see "treated badly" ones.
  app.get('/reports', async (c) => {
    const identity = c.get('identity');
    if (!deps.reports || !can(identity, 'reports:view')) return forbidden(c);
    const ctx = await deps.context(c);
    const everything = can(identity, 'directory:edit');
    const open = (await deps.reports.listOpen()).filter((r) => everything || r.reason === 'treated-badly');
    const { services } = await deps.store.loadSnapshot();
    const names = new Map(services.map((s) => [s.id, s.name.en]));
    const groups = new Map<string, StoredReport[]>();
    for (const r of open) groups.set(r.serviceId, [...(groups.get(r.serviceId) ?? []), r]);
    const notice = c.req.query('closed') === '1' ? ctx.t('console:reports.closed') : undefined;
    return c.html(
      renderDocument(
        <ReportsView
          ctx={ctx}
          groups={[...groups].map(([serviceId, reports]) => ({
            serviceId,
            name: names.get(serviceId) ?? serviceId,
            reports,
          }))}
          {...(notice ? { notice } : {})}
        />,
      ),
    );
  });

  app.post('/reports/:id/close', async (c) => {
    const identity = c.get('identity');
    if (!deps.reports || !can(identity, 'reports:view')) return forbidden(c);
    const form = await c.req.parseBody();
    const status =
      form.status === 'dismissed' ? 'dismissed' : form.status === 'resolved' ? 'resolved' : undefined;
    const note = typeof form.note === 'string' ? form.note.trim().slice(0, 500) : '';
    const id = c.req.param('id');
    if (!can(identity, 'directory:edit')) {
      const open = await deps.reports.listOpen();
      if (!open.some((r) => r.id === id && r.reason === 'treated-badly')) return forbidden(c);
    }
    if (!status || !note) return c.redirect('/console/directory/reports', 303);
    const closed = await deps.reports.close(id, {
      status,
      note,
      by: identity.name,
      at: deps.now().toISOString(),
    });
    return c.redirect(closed ? '/console/directory/reports?closed=1' : '/console/directory/reports', 303);
  });

  app.use('*', async (c, next) => {
    if (c.req.path.startsWith('/console/directory/reports')) return next();
    if (can(c.get('identity'), 'directory:edit')) return next();
    const ctx = await deps.context(c);
    return c.html(
      renderDocument(
        <MessageView
          ctx={ctx}
          title={ctx.t('console:errors.forbiddenTitle')}
          message={ctx.t('console:directory.forbidden')}
        />,
      ),
      403,
    );
  });

  app.get('/', async (c) => {
    const ctx = await deps.context(c);
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const statusQuery = c.req.query('status') ?? '';
    const status = (['active', 'inactive', 'stale'] as const).find((s) => s === statusQuery) ?? '';
    const country = (c.req.query('country') ?? '').trim().toUpperCase().slice(0, 2);
    const languageQuery = c.req.query('language') ?? '';
    const language = isLocale(languageQuery) && languageQuery !== 'en' ? languageQuery : '';
    const filters: ListingFilters = { q, status, country, language };
    const now = deps.now();
    const { services } = await deps.store.loadSnapshot();
    const wanted = q.toLowerCase();
    const rows: ListingRow[] = services
      .map((service) => {
        const age = daysSinceVerified(service, now);
        const stale = age === undefined || age > deps.staleAfterDays;
        const needsWork = SUPPORTED_LOCALES.filter(
          (l) =>
            l !== 'en' &&
            EDITABLE_TEXTS.some((f) => {
              if (!service[f]) return false;
              const state = translationState(service, f, l);
              return state === 'missing' || state === 'needs-review';
            }),
        );
        return { service, stale, needsWork };
      })
      .filter(
        (r) =>
          (!wanted ||
            [...Object.values(r.service.name), r.service.id].some((t) => t.toLowerCase().includes(wanted))) &&
          (!status || (status === 'stale' ? r.stale : r.service.status === status)) &&
          (!country || r.service.servesPlaces.some((p) => p.startsWith(country))) &&
          (!language || r.needsWork.includes(language)),
      )
      .sort((a, b) => a.service.name.en.localeCompare(b.service.name.en));
    return c.html(renderDocument(<ListingsView ctx={ctx} rows={rows} filters={filters} />));
  });

  const states = (service: Service) =>
    Object.fromEntries(
      EDITABLE_TEXTS.map((f) => [
        f,
        Object.fromEntries(SUPPORTED_LOCALES.map((l) => [l, translationState(service, f, l)])),
      ]),
    ) as Record<EditableText, Record<string, ReturnType<typeof translationState>>>;

  const show = async (
    c: Context<DirectoryEnv>,
    id: string,
    extra: {
      errors?: Record<string, string>;
      conflict?: { fields: string[] };
      typed?: Record<string, string>;
      status?: 200 | 400 | 409;
    } = {},
  ) => {
    const ctx = await deps.context(c);
    const found = await deps.store.getServiceForEdit(id);
    if (!found)
      return c.html(
        renderDocument(
          <MessageView
            ctx={ctx}
            title={ctx.t('console:directory.title')}
            message={ctx.t('console:directory.notFound')}
          />,
        ),
        404,
      );
    const notice = c.req.query('saved') === '1' ? ctx.t('console:directory.saved') : undefined;
    return c.html(
      renderDocument(
        <ListingEditView
          ctx={ctx}
          service={found.service}
          rev={found.rev}
          states={states(found.service)}
          {...(notice ? { notice } : {})}
          {...(extra.errors ? { errors: extra.errors } : {})}
          {...(extra.conflict ? { conflict: extra.conflict } : {})}
          {...(extra.typed ? { typed: extra.typed } : {})}
        />,
      ),
      extra.status ?? 200,
    );
  };

  app.get('/services/:id', (c) => show(c, c.req.param('id')));

  /** Reads the listing, applies `change` to it and saves it with the revision the form carried. */
  const save =
    (
      action: string,
      change: (service: Service, form: Record<string, string>, c: Context<DirectoryEnv>) => EditResult,
    ) =>
    async (c: Context<DirectoryEnv>) => {
      const id = c.req.param('id') as string;
      const raw = await c.req.parseBody();
      const form = Object.fromEntries(Object.entries(raw).filter(([, v]) => typeof v === 'string')) as Record<
        string,
        string
      >;
      const typed = Object.fromEntries(Object.entries(form).filter(([k]) => k.startsWith('text.')));
      const found = await deps.store.getServiceForEdit(id);
      if (!found) return show(c, id);
      const openedRev = Number(form.rev);
      if (!Number.isInteger(openedRev) || openedRev !== found.rev) {
        // Someone saved since this form was opened: show their version, keep what was typed.
        return show(c, id, { conflict: { fields: ['—'] }, typed, status: 409 });
      }
      const result = change(found.service, form, c);
      if (!result.ok) return show(c, id, { errors: result.errors, typed, status: 400 });
      const fields = changedFields(found.service, result.service);
      if (fields.length === 0)
        return c.redirect(`/console/directory/services/${encodeURIComponent(id)}?saved=1`, 303);
      const identity = c.get('identity');
      const pick = (s: Service) =>
        JSON.stringify(Object.fromEntries(fields.map((f) => [f, (s as Record<string, unknown>)[f] ?? null])));
      try {
        await deps.store.saveServiceEdit({
          after: result.service,
          expectedRev: found.rev,
          now: deps.now(),
          audit: {
            tableName: deps.auditTableName,
            event: {
              subject: `listing:${id}`,
              actor: identity.sub,
              actorName: identity.name,
              action: `directory.${action}`,
              at: deps.now().toISOString(),
              details: { fields: fields.join(','), before: pick(found.service), after: pick(result.service) },
            },
          },
        });
      } catch (error) {
        if (!(error instanceof ListingConflictError)) throw error;
        const current = await deps.store.getServiceForEdit(id);
        const theirs = current ? changedFields(found.service, current.service) : [];
        return show(c, id, { conflict: { fields: theirs.length ? theirs : ['—'] }, typed, status: 409 });
      }
      return c.redirect(`/console/directory/services/${encodeURIComponent(id)}?saved=1`, 303);
    };

  app.post(
    '/services/:id/texts',
    save('texts', (service, form, c) => {
      const edits: TextEdit[] = [];
      for (const field of EDITABLE_TEXTS) {
        for (const locale of SUPPORTED_LOCALES) {
          const text = form[`text.${field}.${locale}`];
          if (text === undefined) continue;
          const statusValue = form[`status.${field}.${locale}`];
          const status = TRANSLATION_STATUSES.find((s) => s === statusValue);
          if (text.trim() === (service[field]?.[locale] ?? '') && !status) continue;
          edits.push({ field, locale, text, ...(status ? { status } : {}) });
        }
      }
      const identity = c.get('identity');
      return editTexts(service, edits, { sub: identity.sub, name: identity.name }, deps.now());
    }),
  );

  app.post(
    '/services/:id/verify',
    save('verify', (service, _form, c) => {
      const identity = c.get('identity');
      return {
        ok: true,
        service: verify(
          service,
          { sub: identity.sub, name: identity.name },
          deps.now().toISOString().slice(0, 10),
        ),
      };
    }),
  );

  app.post(
    '/services/:id/status',
    save('status', (service, form) => setActive(service, form.active === '1')),
  );

  return app;
}
