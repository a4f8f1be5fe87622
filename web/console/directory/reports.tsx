import type { StoredReport } from '../../../functions/domain/directory/report.js';
import { type ConsoleContext, ConsoleLayout } from '../layout.js';

/** Problem reports from the public, grouped by listing, newest first. */
export function ReportsView({
  ctx,
  groups,
  notice,
}: {
  ctx: ConsoleContext;
  groups: { serviceId: string; name: string; reports: StoredReport[] }[];
  notice?: string;
}) {
  const { t } = ctx;
  const csrf = ctx.user?.csrf ?? '';
  return (
    <ConsoleLayout ctx={ctx} title={t('console:reports.title')}>
      <h1>{t('console:reports.title')}</h1>
      {notice ? (
        <p role="status" class="notice">
          {notice}
        </p>
      ) : null}
      {groups.length === 0 ? <p>{t('console:reports.none')}</p> : null}
      {groups.map((g) => (
        <section>
          <h2>{g.name}</h2>
          <ul>
            {g.reports.map((r) => (
              <li>
                <strong>{t(`directory:report.reasons.${r.reason}`)}</strong> ·{' '}
                <time dateTime={r.createdAt}>{r.createdAt.slice(0, 16).replace('T', ' ')} UTC</time>
                {r.message ? <p>{r.message}</p> : null}
                <form method="post" action={`/console/directory/reports/${encodeURIComponent(r.id)}/close`}>
                  <input type="hidden" name="csrf" value={csrf} />
                  <label>
                    {t('console:reports.note')} <input name="note" maxLength={500} required />
                  </label>{' '}
                  <button type="submit" name="status" value="resolved" class="button small">
                    {t('console:reports.resolve')}
                  </button>{' '}
                  <button type="submit" name="status" value="dismissed" class="button secondary small">
                    {t('console:reports.dismiss')}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </ConsoleLayout>
  );
}
