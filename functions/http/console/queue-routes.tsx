import { type Context, Hono } from 'hono';
import { QueueView, SupervisorView } from '../../../web/console/pages.js';
import { MessageView } from '../../../web/console/layout.js';
import { ClosedView, FindView, MineView } from '../../../web/console/shift-pages.js';
import { renderDocument } from '../../../web/render.js';
import type { RuntimeConfig } from '../../config.js';
import type { QueueFilters } from '../../domain/console/case-views.js';
import { can } from '../../domain/console/roles.js';
import { ForbiddenError } from '../../domain/errors.js';
import { CLOSED_PERIODS, type ClosedFilters, type ClosedPeriod } from '../../domain/requests/shift.js';
import type { Casework } from '../../services/casework.js';
import { autoRefreshUrl, type ConsoleEnv, closeReason, formBody, one, type PageContext } from './context.js';

/**
 * The shift's lists under /console: the queue (and the alerts its open page polls), my requests,
 * find by reference code, closed and withdrawn, and the supervisor's page. The console app has
 * checked the session and the CSRF token before any of these run.
 */
export interface QueueRoutesDeps {
  casework: Casework;
  config: Pick<RuntimeConfig, 'QUEUE_ALERT_SECONDS' | 'QUEUE_REFRESH_SECONDS'>;
  now: () => Date;
  /** The directory editors' area is mounted: an editor without the queue lands there. */
  directoryEditing: boolean;
  context: PageContext;
}

export function createQueueRoutes(deps: QueueRoutesDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  // --- queue ---------------------------------------------------------------------------------
  /** The queue's filters from its address (the queue page and its alerts read the same ones). */
  const queueFilters = (c: Context<ConsoleEnv>): QueueFilters => {
    // "My languages": the languages on the staff record (set in the staff area), any of them.
    const mine = c.req.query('language') === 'mine';
    return {
      ...(mine
        ? { mine, languages: c.get('languages') }
        : { language: c.req.query('language') || undefined }),
      region: c.req.query('region')?.trim().toUpperCase().slice(0, 12) || undefined,
      child: c.req.query('child') === '1' ? true : undefined,
      operatorGender: c.req.query('gender') || undefined,
    };
  };

  /**
   * What an open queue page polls (the console-refresh island): the urgent requests this person
   * could take now, within the page's filters. Opaque ids and a count, never anything personal.
   */
  app.get('/alerts', async (c) => {
    if (!can(c.get('identity'), 'queue:view')) return c.json({ error: 'forbidden' }, 403);
    const urgent = await deps.casework.urgentWaiting(c.get('identity'), queueFilters(c));
    return c.json({ urgent: urgent.count, ids: urgent.ids });
  });

  app.get('/', async (c) => {
    const identity = c.get('identity');
    const ctx = await deps.context(c);
    if (!can(identity, 'queue:view') && can(identity, 'directory:edit') && deps.directoryEditing)
      return c.redirect('/console/directory', 302);
    if (!can(identity, 'queue:view')) {
      return c.html(
        renderDocument(<MessageView ctx={ctx} title={ctx.t('title')} message={ctx.t('errors.forbidden')} />),
        403,
      );
    }
    const filters = queueFilters(c);
    const queue = await deps.casework.queue(identity, filters, {
      due: Number(c.req.query('page') ?? 1),
      later: Number(c.req.query('laterPage') ?? 1),
    });
    return c.html(
      renderDocument(
        <QueueView
          ctx={ctx}
          due={queue.due}
          later={queue.later}
          paging={queue.paging}
          filters={filters}
          myLanguages={c.get('languages')}
          now={deps.now().getTime()}
          urgent={queue.urgent}
          alerts={{
            url: '/console/alerts',
            pollSeconds: deps.config.QUEUE_ALERT_SECONDS,
            refreshSeconds: deps.config.QUEUE_REFRESH_SECONDS,
            refreshUrl: autoRefreshUrl(c.req.url),
          }}
        />,
      ),
    );
  });

  // --- my requests, find by reference code, closed and withdrawn -----------------------------
  app.get('/mine', async (c) => {
    const ctx = await deps.context(c);
    const entries = await deps.casework.mine(c.get('identity'));
    return c.html(renderDocument(<MineView ctx={ctx} entries={entries} now={deps.now().getTime()} />));
  });

  app.get('/find', async (c) => {
    const ctx = await deps.context(c);
    if (!can(c.get('identity'), 'queue:view')) throw new ForbiddenError('queue:view');
    return c.html(renderDocument(<FindView ctx={ctx} code="" />));
  });
  // A post, so the reference code never appears in an address, a log or the browser's history.
  app.post('/find', async (c) => {
    const form = await formBody(c);
    const code = one(form.code).trim().slice(0, 40);
    const id = await deps.casework.findByCode(c.get('identity'), code);
    if (id) return c.redirect(`/console/requests/${encodeURIComponent(id)}?done=found`, 303);
    const ctx = await deps.context(c);
    return c.html(renderDocument(<FindView ctx={ctx} code={code} error={ctx.t('find.notFound')} />), 404);
  });

  app.get('/closed', async (c) => {
    const ctx = await deps.context(c);
    const status = c.req.query('status');
    const kind = c.req.query('kind');
    const days = Number(c.req.query('days') ?? 30);
    const filters: ClosedFilters = {
      status: status === 'closed' || status === 'withdrawn' ? status : undefined,
      reason: closeReason(c.req.query('reason') ?? ''),
      kind: kind === 'request' || kind === 'check-in' ? kind : undefined,
      days: (CLOSED_PERIODS as readonly number[]).includes(days) ? (days as ClosedPeriod) : 30,
    };
    const entries = await deps.casework.closedList(c.get('identity'), filters);
    return c.html(renderDocument(<ClosedView ctx={ctx} entries={entries} filters={filters} />));
  });

  // --- the supervisor's page -----------------------------------------------------------------
  app.get('/supervisor', async (c) => {
    const identity = c.get('identity');
    const workload = await deps.casework.workload(identity);
    const aggregates = await deps.casework.aggregates(identity);
    const ctx = await deps.context(c);
    return c.html(
      renderDocument(
        <SupervisorView
          ctx={ctx}
          operators={workload.operators}
          overdue={workload.overdue}
          burst={workload.burst}
          aggregates={aggregates}
          now={deps.now().getTime()}
        />,
      ),
    );
  });

  return app;
}
