import { REPORT_REASONS } from '../../functions/domain/directory/report.js';
import { publicServiceId } from '../../functions/domain/directory/public-ids.js';
import type { Service } from '../../functions/domain/directory/model.js';
import { describedByIds, FieldError } from '../components/form-errors.js';
import { localized } from '../components/format.js';
import { Layout, type PageContext } from '../components/layout.js';

export interface ReportFormState {
  reason?: string;
  message?: string;
  errors?: Partial<Record<'reason' | 'message', string>>;
}

/** Anonymous "report a problem with this listing": feeds the directory editors' checks. */
export function ReportPage({
  ctx,
  service,
  state,
}: {
  ctx: PageContext;
  service: Service;
  state: ReportFormState;
}) {
  const { t, locale } = ctx;
  const r = (key: string, o?: Record<string, unknown>) => t(`directory:report.${key}`, o);
  const errors = state.errors ?? {};
  return (
    <Layout ctx={ctx} title={r('title')}>
      <h1>{r('title')}</h1>
      <p>{r('intro')}</p>
      <p>
        <strong>{r('about', { name: localized(service.name, locale) })}</strong>
      </p>
      <form method="post" action={`/${locale}/services/${publicServiceId(service.id)}/report`} novalidate>
        <fieldset aria-describedby={describedByIds(undefined, errors.reason ? 'reason' : undefined)}>
          <legend class="label">{r('reasonLabel')}</legend>
          <FieldError ctx={ctx} id="reason" error={errors.reason && r(errors.reason)} />
          <ul class="checks">
            {REPORT_REASONS.map((reason) => (
              <li key={reason}>
                <input
                  type="radio"
                  id={`reason-${reason}`}
                  name="reason"
                  value={reason}
                  checked={state.reason === reason}
                  required
                />
                <label for={`reason-${reason}`}>{r(`reasons.${reason}`)}</label>
              </li>
            ))}
          </ul>
        </fieldset>
        <label for="message" class="label">
          {r('messageLabel')}
        </label>
        <p class="hint" id="message-hint">
          {r('messageHint')}
        </p>
        <FieldError ctx={ctx} id="message" error={errors.message && r(errors.message)} />
        <textarea
          id="message"
          name="message"
          rows={4}
          maxLength={1000}
          autoComplete="off"
          aria-describedby={describedByIds('message-hint', errors.message ? 'message' : undefined)}
        >
          {state.message ?? ''}
        </textarea>
        {/* Honeypot: hidden from people, filled in by some bots. */}
        <div class="hp" aria-hidden="true">
          <label for="website">Website</label>
          <input type="text" id="website" name="website" tabIndex={-1} autoComplete="off" />
        </div>
        <p>
          <button type="submit" class="button">
            {r('submit')}
          </button>
        </p>
      </form>
    </Layout>
  );
}
