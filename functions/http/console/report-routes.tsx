import { type Context, Hono } from 'hono';
import type { ConsoleContext } from '../../../web/console/layout.js';
import { MessageView } from '../../../web/console/layout.js';
import { ReportsView, reportLabels } from '../../../web/console/reports.js';
import { renderDocument } from '../../../web/render.js';
import type { StaffSession } from '../../data/session-store.js';
import { can, type StaffIdentity } from '../../domain/console/roles.js';
import { parseReportFilters, reportCsv } from '../../domain/requests/reporting.js';
import { referenceData } from '../../reference/index.js';
import type { Casework } from '../../services/casework.js';

/**
 * Reporting under /console/reports (supervisors and admins): the figures page (a GET form with the
 * weeks, region and language) and the same figures as a CSV download. Both are audited by the
 * casework service. The console app has checked the session before any of these run.
 */
export interface ReportRoutesDeps {
  casework: Pick<Casework, 'report'>;
  now: () => Date;
  context: (c: Context<ReportEnv>) => Promise<ConsoleContext>;
}

export type ReportEnv = { Variables: { session: StaffSession; identity: StaffIdentity } };

/** The download's name: a neutral word and the weeks, nothing that says what the figures are about. */
const fileName = (from: string, to: string) => `figures-${from}-${to}.csv`;

export function createReportRoutes(deps: ReportRoutesDeps): Hono<ReportEnv> {
  const app = new Hono<ReportEnv>();
  const regions = referenceData().countries.map((p) => p.id);

  app.use('*', async (c, next) => {
    if (can(c.get('identity'), 'aggregates:view')) return next();
    const ctx = await deps.context(c);
    return c.html(
      renderDocument(
        <MessageView
          ctx={ctx}
          title={ctx.t('console:errors.forbiddenTitle')}
          message={ctx.t('console:errors.forbidden')}
          link={{ href: '/console', text: ctx.t('console:nav.queue') }}
        />,
      ),
      403,
    );
  });

  const parse = (c: Context<ReportEnv>) =>
    parseReportFilters(
      {
        from: c.req.query('from'),
        to: c.req.query('to'),
        region: c.req.query('region'),
        language: c.req.query('language'),
      },
      deps.now(),
      regions,
    );

  app.get('/', async (c) => {
    const parsed = parse(c);
    const ctx = await deps.context(c);
    if ('error' in parsed)
      return c.html(
        renderDocument(
          <ReportsView ctx={ctx} filters={parsed.filters} regions={regions} error={parsed.error} />,
        ),
        400,
      );
    const report = await deps.casework.report(c.get('identity'), parsed.filters, parsed.weeks, 'view');
    return c.html(
      renderDocument(<ReportsView ctx={ctx} filters={parsed.filters} regions={regions} report={report} />),
    );
  });

  app.get('/download', async (c) => {
    const parsed = parse(c);
    const ctx = await deps.context(c);
    if ('error' in parsed)
      return c.html(
        renderDocument(
          <ReportsView ctx={ctx} filters={parsed.filters} regions={regions} error={parsed.error} />,
        ),
        400,
      );
    const report = await deps.casework.report(c.get('identity'), parsed.filters, parsed.weeks, 'export');
    const csv = reportCsv(report, reportLabels(ctx, report));
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName(parsed.filters.from, parsed.filters.to)}"`,
      'cache-control': 'no-store',
    });
  });

  return app;
}
