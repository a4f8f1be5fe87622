import type { OpenCase } from '../../functions/domain/console/case-views.js';
import { SAFEGUARDING_ACTIONS, SAFEGUARDING_REASONS } from '../../functions/domain/requests/safeguarding.js';
import { FormError, Post } from './pages.js';
import type { ConsoleContext } from './layout.js';

/**
 * Safeguarding on a request's page (docs/safeguarding.md): the holder of a child's or a
 * danger-now request (as configured) asks a supervisor to decide; a supervisor records the
 * decision. Words from lists only: details belong in a note, which is encrypted.
 */
export function SafeguardingSection({
  ctx,
  view,
  base,
  error,
  failed,
}: {
  ctx: ConsoleContext;
  view: OpenCase;
  base: string;
  error?: string | undefined;
  /** The form that was refused, if any: its error shows next to it. */
  failed?: { action: string } | undefined;
}) {
  const s = view.safeguarding;
  if (!s) return null;
  const { t } = ctx;
  const pending = view.request.safeguarding?.state === 'pending' ? view.request.safeguarding : undefined;
  const decided = view.request.safeguarding?.state === 'decided' ? view.request.safeguarding : undefined;
  return (
    <section class="card safeguarding" aria-labelledby="safeguarding-title" data-safeguarding={s.trigger}>
      <h2 id="safeguarding-title">{t('console:safeguarding.title')}</h2>
      <p class="hint">{t(`console:safeguarding.why.${s.trigger}`)}</p>
      {pending ? (
        <p class="not-safe" data-safeguarding-pending="1">
          {t('console:safeguarding.pending', {
            reason: t(`console:safeguarding.reasons.${pending.reason}`),
          })}
        </p>
      ) : null}
      {decided?.action ? (
        <p data-safeguarding-decided={decided.action}>
          {t('console:safeguarding.decided', {
            action: t(`console:safeguarding.actions.${decided.action}`),
          })}
        </p>
      ) : null}
      {s.mayEscalate ? (
        <>
          <FormError failed={failed} action="escalate" error={error} />
          <Post
            ctx={ctx}
            action={`${base}/escalate`}
            submit={t('console:safeguarding.escalate')}
            id="form-escalate"
          >
            <fieldset>
              <legend class="label">{t('console:safeguarding.reasonLegend')}</legend>
              <ul class="checks">
                {SAFEGUARDING_REASONS.map((r) => (
                  <li key={r}>
                    <input type="radio" id={`escalate-${r}`} name="reason" value={r} required />
                    <label for={`escalate-${r}`}>{t(`console:safeguarding.reasons.${r}`)}</label>
                  </li>
                ))}
              </ul>
            </fieldset>
            <p class="hint">{t('console:safeguarding.escalateHint')}</p>
          </Post>
        </>
      ) : null}
      {s.mayDecide ? (
        <>
          <FormError failed={failed} action="safeguarding" error={error} />
          <Post
            ctx={ctx}
            action={`${base}/safeguarding`}
            submit={t('console:safeguarding.decide')}
            id="form-safeguarding"
          >
            <fieldset>
              <legend class="label">{t('console:safeguarding.actionLegend')}</legend>
              <ul class="checks">
                {SAFEGUARDING_ACTIONS.map((a) => (
                  <li key={a}>
                    <input type="radio" id={`safeguarding-${a}`} name="action" value={a} required />
                    <label for={`safeguarding-${a}`}>{t(`console:safeguarding.actions.${a}`)}</label>
                  </li>
                ))}
              </ul>
            </fieldset>
          </Post>
        </>
      ) : null}
    </section>
  );
}
