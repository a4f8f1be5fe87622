import type { JSX } from 'preact';
import { createHash } from 'node:crypto';
import { type Context, Hono } from 'hono';
import {
  LISTING_STATUSES,
  type ListingFilters,
  ListingEditView,
  type ListingRow,
  ListingsView,
  StaleView,
} from '../../../web/console/directory/listings.js';
import { LocationEditView, OrganizationEditView } from '../../../web/console/directory/sections.js';
import { type ImportSummary, TransferView } from '../../../web/console/directory/transfer.js';
import type { ConsoleContext } from '../../../web/console/layout.js';
import { MessageView } from '../../../web/console/layout.js';
import { renderDocument } from '../../../web/render.js';
import {
  hsdsExportDocuments,
  type ImportReport,
  importHsdsSources,
} from '../../services/directory-transfer.js';
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
  type EditErrors,
  type EditResult,
  editTexts,
  isStale,
  setActive,
  type TextEdit,
  translationState,
  verify,
} from '../../domain/directory/editing.js';
import {
  type Location,
  type Organization,
  TRANSLATION_STATUSES,
  type Service,
} from '../../domain/directory/model.js';
import {
  editLocation,
  editOrganization,
  editSection,
  type FormValues,
  isServiceSection,
  locationValues,
  organizationValues,
  SERVICE_SECTIONS,
  type ServiceSection,
  sectionValues,
} from '../../domain/directory/sections.js';
import type { StoredReport } from '../../domain/directory/report.js';
import { AREAS } from '../../domain/directory/taxonomy.js';
import type { AuditEvent } from '../../domain/audit.js';
import { ListingConflictError } from '../../domain/errors.js';
import { isLocale, type Locale, SUPPORTED_LOCALES } from '../../domain/locales.js';
import { BODY_LIMITS } from '../abuse.js';

/**
 * The directory editors' area under /console/directory (roles directory-editor and admin):
 * listings with filters, one listing's texts in every language with their status, verify,
 * deactivate / reactivate. Every change is saved with the revision the editor opened (a second
 * editor gets a conflict, nothing is lost) and an audit event with before and after. Plain HTML
 * forms with post/redirect/get; the console app checks the session and the CSRF token first.
 */
export interface DirectoryRoutesDeps {
  store: Pick<
    DirectoryStore,
    | 'loadSnapshot'
    | 'getServiceForEdit'
    | 'saveServiceEdit'
    | 'getOrganizationForEdit'
    | 'saveOrganizationEdit'
    | 'getLocationForEdit'
    | 'saveLocationEdit'
    | 'saveRecord'
    | 'getConfidentialAddress'
  >;
  reports?: Pick<ReportStore, 'listOpen' | 'close'>;
  /** Audit events that are not part of a listing's save (imports, exports). */
  audit: { write(event: AuditEvent): Promise<void> };
  /** Place ids of the reference data: places served must be one of them. */
  placeIds?: Pick<ReadonlySet<string>, 'has'>;
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

  const notFound = async (c: Context<DirectoryEnv>) => {
    const ctx = await deps.context(c);
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
  };

  app.get('/', async (c) => {
    const ctx = await deps.context(c);
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const statusQuery = c.req.query('status') ?? '';
    const status = LISTING_STATUSES.find((s) => s === statusQuery) ?? '';
    const country = (c.req.query('country') ?? '').trim().toUpperCase().slice(0, 2);
    const areaQuery = c.req.query('area') ?? '';
    const area = AREAS.find((a) => a === areaQuery) ?? '';
    const languageQuery = c.req.query('language') ?? '';
    const language = isLocale(languageQuery) && languageQuery !== 'en' ? languageQuery : '';
    const filters: ListingFilters = { q, status, country, area, language };
    const now = deps.now();
    const { services } = await deps.store.loadSnapshot();
    const reports = new Map<string, number>();
    for (const r of (await deps.reports?.listOpen()) ?? [])
      reports.set(r.serviceId, (reports.get(r.serviceId) ?? 0) + 1);
    const wanted = q.toLowerCase();
    const rows: ListingRow[] = services
      .map((service) => {
        const stale = isStale(service, now, deps.staleAfterDays);
        const needsWork = SUPPORTED_LOCALES.filter(
          (l) =>
            l !== 'en' &&
            EDITABLE_TEXTS.some((f) => {
              if (!service[f]) return false;
              const state = translationState(service, f, l);
              return state === 'missing' || state === 'needs-review';
            }),
        );
        return { service, stale, needsWork, openReports: reports.get(service.id) ?? 0 };
      })
      .filter(
        (r) =>
          (!wanted ||
            [...Object.values(r.service.name), r.service.id].some((t) => t.toLowerCase().includes(wanted))) &&
          (!status ||
            (status === 'stale'
              ? r.stale
              : status === 'reports'
                ? r.openReports > 0
                : r.service.status === status)) &&
          (!country || r.service.servesPlaces.some((p) => p.startsWith(country))) &&
          (!area || r.service.areas.includes(area)) &&
          (!language || r.needsWork.includes(language)),
      )
      .sort((a, b) => a.service.name.en.localeCompare(b.service.name.en));
    return c.html(renderDocument(<ListingsView ctx={ctx} rows={rows} filters={filters} />));
  });

  // The stale queue: never verified first, then the oldest verification; verifying takes a listing out.
  app.get('/stale', async (c) => {
    const ctx = await deps.context(c);
    const now = deps.now();
    const { services } = await deps.store.loadSnapshot();
    const rows = services
      .filter((s) => isStale(s, now, deps.staleAfterDays))
      .map((service) => ({ service, age: daysSinceVerified(service, now) }))
      .sort(
        (a, b) =>
          (b.age ?? Number.POSITIVE_INFINITY) - (a.age ?? Number.POSITIVE_INFINITY) ||
          a.service.name.en.localeCompare(b.service.name.en),
      );
    return c.html(renderDocument(<StaleView ctx={ctx} rows={rows} days={deps.staleAfterDays} />));
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
      errors?: EditErrors;
      conflict?: { fields: string[] };
      typed?: Record<string, string>;
      /** A section sent with errors (or during a conflict): what was sent is shown again. */
      section?: { name: ServiceSection; values: FormValues; errors: EditErrors };
      status?: 200 | 400 | 409;
    } = {},
  ) => {
    const ctx = await deps.context(c);
    const found = await deps.store.getServiceForEdit(id);
    if (!found) return notFound(c);
    const { organizations, locations } = await deps.store.loadSnapshot();
    const notice = c.req.query('saved') === '1' ? ctx.t('console:directory.saved') : undefined;
    const values = Object.fromEntries(
      SERVICE_SECTIONS.map((section) => [
        section,
        extra.section?.name === section ? extra.section.values : sectionValues(found.service, section),
      ]),
    ) as Record<ServiceSection, FormValues>;
    const organization = organizations.find((o) => o.id === found.service.organizationId);
    return c.html(
      renderDocument(
        <ListingEditView
          ctx={ctx}
          service={found.service}
          rev={found.rev}
          states={states(found.service)}
          organizationName={organization?.name.en ?? found.service.organizationId}
          sections={{
            values,
            ...(extra.section && Object.keys(extra.section.errors).length
              ? { failed: { section: extra.section.name, errors: extra.section.errors } }
              : {}),
            organizations: organizations
              .map((o) => ({ id: o.id, name: o.name.en }))
              .sort((a, b) => a.name.localeCompare(b.name)),
            locations: locations
              .filter(
                (l) =>
                  l.organizationId === found.service.organizationId ||
                  found.service.locationIds.includes(l.id),
              )
              .map((l) => ({ id: l.id, name: l.name.en, confidential: l.confidential })),
          }}
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

  /** The form as field name → values (repeated names such as checkboxes keep every value). */
  const formValues = async (c: Context<DirectoryEnv>): Promise<FormValues> => {
    const raw = await c.req.parseBody({ all: true });
    const form: FormValues = {};
    for (const [k, v] of Object.entries(raw)) {
      const list = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
      if (list.length) form[k] = list.map((x) => x.slice(0, 5000));
    }
    return form;
  };
  const one = (form: FormValues, key: string) => form[key]?.[0];

  const auditEvent = (
    c: Context<DirectoryEnv>,
    subject: string,
    action: string,
    details: AuditEvent['details'],
  ): AuditEvent => {
    const identity = c.get('identity');
    return {
      subject,
      actor: identity.sub,
      actorName: identity.name,
      action,
      at: deps.now().toISOString(),
      ...(details ? { details } : {}),
    };
  };
  /** The audit's before and after: the changed fields' values (a confidential address is not copied). */
  const beforeAfter = <T extends object>(fields: string[], before: T, after: T, secret: string[] = []) => {
    const pick = (x: T) =>
      JSON.stringify(
        Object.fromEntries(
          fields.map((f) => [
            f,
            secret.includes(f)
              ? (x as Record<string, unknown>)[f] === undefined
                ? null
                : 'confidential'
              : ((x as Record<string, unknown>)[f] ?? null),
          ]),
        ),
      );
    return { fields: fields.join(','), before: pick(before), after: pick(after) };
  };

  /** Reads the listing, applies `change` to it and saves it with the revision the form carried. */
  const save =
    (
      action: string | ((c: Context<DirectoryEnv>) => string),
      change: (
        service: Service,
        form: FormValues,
        c: Context<DirectoryEnv>,
      ) => EditResult | Promise<EditResult>,
    ) =>
    async (c: Context<DirectoryEnv>) => {
      const id = c.req.param('id') as string;
      const name = typeof action === 'string' ? action : action(c);
      const form = await formValues(c);
      const typed = Object.fromEntries(
        Object.entries(form)
          .filter(([k]) => k.startsWith('text.'))
          .map(([k, v]) => [k, v[0] ?? '']),
      );
      const section = isServiceSection(name) ? name : undefined;
      const found = await deps.store.getServiceForEdit(id);
      if (!found) return show(c, id);
      const openedRev = Number(one(form, 'rev'));
      if (!Number.isInteger(openedRev) || openedRev !== found.rev) {
        // Someone saved since this form was opened: show their version, keep what was typed.
        return show(c, id, {
          conflict: { fields: ['—'] },
          typed,
          ...(section ? { section: { name: section, values: form, errors: {} } } : {}),
          status: 409,
        });
      }
      const result = await change(found.service, form, c);
      if (!result.ok)
        return show(c, id, {
          errors: result.errors,
          typed,
          ...(section ? { section: { name: section, values: form, errors: result.errors } } : {}),
          status: 400,
        });
      const fields = changedFields(found.service, result.service);
      const back = `/console/directory/services/${encodeURIComponent(id)}?saved=1${section ? `#section-${section}` : ''}`;
      if (fields.length === 0) return c.redirect(back, 303);
      try {
        await deps.store.saveServiceEdit({
          after: result.service,
          expectedRev: found.rev,
          now: deps.now(),
          audit: {
            tableName: deps.auditTableName,
            event: auditEvent(
              c,
              `listing:${id}`,
              `directory.${name}`,
              beforeAfter(fields, found.service, result.service),
            ),
          },
        });
      } catch (error) {
        if (!(error instanceof ListingConflictError)) throw error;
        const current = await deps.store.getServiceForEdit(id);
        const theirs = current ? changedFields(found.service, current.service) : [];
        return show(c, id, {
          conflict: { fields: theirs.length ? theirs : ['—'] },
          typed,
          ...(section ? { section: { name: section, values: form, errors: {} } } : {}),
          status: 409,
        });
      }
      return c.redirect(back, 303);
    };

  app.post(
    '/services/:id/texts',
    save('texts', (service, form, c) => {
      const edits: TextEdit[] = [];
      for (const field of EDITABLE_TEXTS) {
        for (const locale of SUPPORTED_LOCALES) {
          const text = one(form, `text.${field}.${locale}`);
          if (text === undefined) continue;
          const statusValue = one(form, `status.${field}.${locale}`);
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
    save('status', (service, form) => setActive(service, one(form, 'active') === '1')),
  );

  // One form per section of the listing (contacts, hours, eligibility, …).
  app.post('/services/:id/:section', async (c, next) => {
    const section = c.req.param('section');
    if (!isServiceSection(section)) return next();
    return save(section, async (service, form) => {
      const { organizations, locations } = await deps.store.loadSnapshot();
      const organizationId =
        section === 'organization' ? one(form, 'organizationId') : service.organizationId;
      return editSection(service, section, form, {
        organizationIds: new Set(organizations.map((o) => o.id)),
        locationIds: new Set(
          locations
            .filter((l) => l.organizationId === organizationId || service.locationIds.includes(l.id))
            .map((l) => l.id),
        ),
        ...(deps.placeIds ? { placeIds: deps.placeIds } : {}),
      });
    })(c);
  });

  // --- organisations and locations: their own pages, saved the same way --------------------------
  /**
   * An organisation or a location: its page, and its form saved with the revision check and a
   * before/after audit event, as a listing's sections are.
   */
  function recordEditor<T extends Organization | Location>(spec: {
    /** Path segment under /console/directory, and the audit subject's and action's word. */
    path: 'organizations' | 'locations';
    kind: 'organization' | 'location';
    load: (id: string) => Promise<{ record: T; rev: number } | undefined>;
    values: (record: T) => FormValues;
    View: (props: {
      ctx: ConsoleContext;
      id: string;
      rev: number;
      values: FormValues;
      errors?: EditErrors;
      notice?: string;
      conflict?: boolean;
    }) => JSX.Element;
    edit: (record: T, form: FormValues) => EditResult<T>;
    save: (input: {
      after: T;
      expectedRev: number;
      now: Date;
      audit: { tableName: string; event: AuditEvent };
    }) => Promise<number>;
    /** Fields whose values the audit event must not hold. */
    secret?: (before: T, after: T) => string[];
  }) {
    const { View } = spec;
    const show = async (
      c: Context<DirectoryEnv>,
      id: string,
      extra: { values?: FormValues; errors?: EditErrors; conflict?: boolean; status?: 200 | 400 | 409 } = {},
    ) => {
      const found = await spec.load(id);
      if (!found) return notFound(c);
      const ctx = await deps.context(c);
      const notice = c.req.query('saved') === '1' ? ctx.t('console:directory.saved') : undefined;
      return c.html(
        renderDocument(
          <View
            ctx={ctx}
            id={id}
            rev={found.rev}
            values={extra.values ?? spec.values(found.record)}
            {...(extra.errors ? { errors: extra.errors } : {})}
            {...(extra.conflict ? { conflict: true } : {})}
            {...(notice ? { notice } : {})}
          />,
        ),
        extra.status ?? 200,
      );
    };
    app.get(`/${spec.path}/:id`, (c) => show(c, c.req.param('id') as string));
    app.post(`/${spec.path}/:id`, async (c) => {
      const id = c.req.param('id') as string;
      const form = await formValues(c);
      const found = await spec.load(id);
      if (!found) return notFound(c);
      if (Number(one(form, 'rev')) !== found.rev)
        return show(c, id, { values: form, conflict: true, status: 409 });
      const result = spec.edit(found.record, form);
      if (!result.ok) return show(c, id, { values: form, errors: result.errors, status: 400 });
      const fields = changedFields(found.record, result.service);
      const back = `/console/directory/${spec.path}/${encodeURIComponent(id)}?saved=1`;
      if (fields.length === 0) return c.redirect(back, 303);
      try {
        await spec.save({
          after: result.service,
          expectedRev: found.rev,
          now: deps.now(),
          audit: {
            tableName: deps.auditTableName,
            event: auditEvent(
              c,
              `${spec.kind}:${id}`,
              `directory.${spec.kind}`,
              beforeAfter<T>(
                fields,
                found.record,
                result.service,
                spec.secret?.(found.record, result.service),
              ),
            ),
          },
        });
      } catch (error) {
        if (!(error instanceof ListingConflictError)) throw error;
        return show(c, id, { values: form, conflict: true, status: 409 });
      }
      return c.redirect(back, 303);
    });
  }

  recordEditor<Organization>({
    path: 'organizations',
    kind: 'organization',
    load: async (id) => {
      const found = await deps.store.getOrganizationForEdit(id);
      return found && { record: found.organization, rev: found.rev };
    },
    values: organizationValues,
    View: OrganizationEditView,
    edit: editOrganization,
    save: (input) => deps.store.saveOrganizationEdit(input),
  });
  recordEditor<Location>({
    path: 'locations',
    kind: 'location',
    // Staff only: this reads the confidential address (never the public function).
    load: async (id) => {
      const found = await deps.store.getLocationForEdit(id);
      return found && { record: found.location, rev: found.rev };
    },
    values: locationValues,
    View: LocationEditView,
    edit: (location, form) => editLocation(location, form, deps.placeIds),
    save: (input) => deps.store.saveLocationEdit(input),
    secret: (before, after) =>
      before.confidential || after.confidential ? ['address', 'latitude', 'longitude'] : [],
  });

  // --- import and export (the command line's importer and exporter) ------------------------------
  const maxMegabytes = Math.floor(BODY_LIMITS.directoryUpload / (1024 * 1024));
  const transferPage = async (
    c: Context<DirectoryEnv>,
    extra: { preview?: ImportSummary; imported?: ImportSummary; error?: string; status?: 200 | 400 } = {},
  ) => {
    const ctx = await deps.context(c);
    return c.html(
      renderDocument(<TransferView ctx={ctx} maxMegabytes={maxMegabytes} {...extra} />),
      extra.status ?? 200,
    );
  };
  app.get('/transfer', (c) => transferPage(c));

  /** The uploaded file: its name, text and checksum, and the language chosen; a reason when unusable. */
  const upload = async (c: Context<DirectoryEnv>) => {
    const body = await c.req.parseBody();
    const ctx = await deps.context(c);
    const file = body.file;
    const localeValue = typeof body.locale === 'string' ? body.locale : '';
    if (!(file instanceof File) || file.size === 0)
      return { error: ctx.t('console:directory.transfer.noFile') } as const;
    if (!isLocale(localeValue)) return { error: ctx.t('console:directory.transfer.noLocale') } as const;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    let data: unknown;
    try {
      data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      return { error: ctx.t('console:directory.transfer.notJson') } as const;
    }
    const fileName = file.name.replace(/[^\p{L}\p{N}._ -]/gu, '').slice(0, 100) || 'upload.json';
    return {
      fileName,
      sha256,
      locale: localeValue as Locale,
      expected: typeof body.sha256 === 'string' ? body.sha256 : undefined,
      data,
    } as const;
  };

  const summarize = (
    report: ImportReport,
    u: { fileName: string; sha256: string; locale: string },
  ): ImportSummary => ({
    fileName: u.fileName,
    locale: u.locale,
    sha256: u.sha256,
    accepted: report.saved.map((r) => ({
      ref: r.ref,
      services: r.services.map((s) => s.id),
    })),
    rejected: report.rejections.map((r) => ({ ref: r.ref, reason: r.reason })),
    warnings: report.warnings.map((w) => ({ ref: w.ref, message: w.message })),
    skipped: report.skipped.length,
  });

  // Step 1: the dry run. Nothing is written; the page shows the file's checksum.
  app.post('/transfer/preview', async (c) => {
    const u = await upload(c);
    if ('error' in u) return transferPage(c, { error: u.error, status: 400 });
    const report = await importHsdsSources(deps.store, [{ ref: u.fileName, data: u.data }], u.fileName, {
      dryRun: true,
      locale: u.locale,
    });
    return transferPage(c, { preview: summarize(report, u) });
  });

  // Step 2: the same file again; only a file with the previewed checksum is imported.
  app.post('/transfer/import', async (c) => {
    const u = await upload(c);
    if ('error' in u) return transferPage(c, { error: u.error, status: 400 });
    const ctx = await deps.context(c);
    if (!u.expected || u.expected !== u.sha256)
      return transferPage(c, { error: ctx.t('console:directory.transfer.mismatch'), status: 400 });
    const report = await importHsdsSources(deps.store, [{ ref: u.fileName, data: u.data }], u.fileName, {
      locale: u.locale,
    });
    const summary = summarize(report, u);
    const services = summary.accepted.flatMap((a) => a.services);
    await deps.audit.write(
      auditEvent(c, 'directory:import', 'directory.import', {
        file: u.fileName,
        sha256: u.sha256,
        locale: u.locale,
        records: report.counts.records,
        rejected: report.rejections.length,
        warnings: report.warnings.length,
        services: services.join(',').slice(0, 2000),
      }),
    );
    return transferPage(c, { imported: summary });
  });

  // One language as one HSDS 3.0 JSON file (services with their organisation and public locations,
  // then the organisations). From the public snapshot: a confidential address cannot be in it.
  app.get('/transfer/export', async (c) => {
    const localeValue = c.req.query('locale') ?? 'en';
    const locale: Locale = isLocale(localeValue) ? localeValue : 'en';
    const documents = await hsdsExportDocuments(deps.store, { locale });
    const body = [...documents['services.json'], ...documents['organizations.json']];
    await deps.audit.write(
      auditEvent(c, 'directory:export', 'directory.export', {
        locale,
        services: documents['services.json'].length,
        organizations: documents['organizations.json'].length,
      }),
    );
    const day = deps.now().toISOString().slice(0, 10);
    c.header('Content-Type', 'application/json; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="directory-${locale}-${day}.json"`);
    // Compact (the command line writes indented files): it has to fit the upload limit again.
    return c.body(`${JSON.stringify(body)}\n`);
  });

  return app;
}
