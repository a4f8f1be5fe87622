import { CONTACT_CHANNELS } from '../../functions/domain/requests/vocabulary.js';
import { DURATIONS, RHYTHMS } from '../../functions/domain/followups/schedule.js';
import { dateTagFor } from '../../functions/domain/locales.js';
import type { FollowUp } from '../../functions/domain/followups/follow-up.js';
import {
  describedBy,
  ErrorSummary,
  errorText,
  type FieldErrorKeys,
  FieldError,
} from '../components/form-errors.js';
import { HandleInput } from '../components/handle-input.js';
import { Layout, type PageContext } from '../components/layout.js';
import { OptionList } from '../components/option-list.js';
import { TimeZoneField } from '../components/time-zone-field.js';
import { WindowFields } from './request.js';

function Choice({
  current,
  ...rest
}: {
  name: string;
  options: readonly string[];
  current?: string | undefined;
  label: (o: string) => string;
}) {
  return <OptionList type="radio" selected={current ? [current] : []} {...rest} />;
}

/** Opt in to follow-up check-ins: how, how often, for how long, when it is safe; separate consent. */
export function FollowUpOptInPage({
  ctx,
  idempotencyKey,
  errors = {},
  values,
}: {
  ctx: PageContext;
  idempotencyKey: string;
  /** Field → translation key: every error at once, in the summary and next to its field. */
  errors?: FieldErrorKeys;
  /** The answers as sent (never the PIN), so nothing is lost when something must be corrected. */
  values: Record<string, string[] | undefined>;
}) {
  const { t, locale } = ctx;
  const f = (k: string) => t(`followup:${k}`);
  const one = (k: string) => values[k]?.[0];
  return (
    <Layout ctx={ctx} title={f('title')} error={Object.keys(errors).length > 0}>
      <ErrorSummary
        ctx={ctx}
        errors={errors}
        anchors={{
          channel: `channel-${CONTACT_CHANNELS[0]}`,
          rhythm: `rhythm-${RHYTHMS[0]}`,
          duration: `duration-${DURATIONS[0]}`,
          w1days: 'w1days-mo',
        }}
      />
      <h1>{f('title')}</h1>
      <p>{f('intro')}</p>
      <form method="post" action={`/${locale}/follow-up`} novalidate autoComplete="off">
        <input type="hidden" name="idem" value={idempotencyKey} />
        <h2>{f('linkTitle')}</h2>
        <p class="hint" id="code-hint">
          {f('linkHint')}
        </p>
        <label for="code" class="label">
          {f('codeLabel')}
        </label>
        <FieldError ctx={ctx} id="code" error={errorText(ctx, errors, 'code')} />
        <input
          type="text"
          id="code"
          name="code"
          maxLength={12}
          autoComplete="off"
          value={one('code') ?? ''}
          aria-describedby={describedBy(errors, 'code', 'code-hint')}
        />
        <label for="pin" class="label">
          {f('pinLabel')}
        </label>
        <input type="password" id="pin" name="pin" inputMode="numeric" maxLength={8} autoComplete="off" />
        <fieldset aria-describedby={describedBy(errors, 'channel')}>
          <legend class="label">{t('request:contact.channelLabel')}</legend>
          <FieldError ctx={ctx} id="channel" error={errorText(ctx, errors, 'channel')} />
          <Choice
            name="channel"
            options={CONTACT_CHANNELS}
            current={one('channel')}
            label={(c) => t(`request:contact.channels.${c}`)}
          />
        </fieldset>
        <label for="handle" class="label">
          {t('request:contact.handleLabel')}
        </label>
        <FieldError ctx={ctx} id="handle" error={errorText(ctx, errors, 'handle')} />
        <HandleInput
          channel={one('channel')}
          value={one('handle') ?? ''}
          describedBy={describedBy(errors, 'handle')}
        />
        <fieldset aria-describedby={describedBy(errors, 'rhythm')}>
          <legend class="label">{f('rhythmLabel')}</legend>
          <FieldError ctx={ctx} id="rhythm" error={errorText(ctx, errors, 'rhythm')} />
          <Choice
            name="rhythm"
            options={RHYTHMS}
            current={one('rhythm') ?? 'monthly'}
            label={(r) => f(`rhythms.${r}`)}
          />
        </fieldset>
        <fieldset aria-describedby={describedBy(errors, 'duration')}>
          <legend class="label">{f('durationLabel')}</legend>
          <FieldError ctx={ctx} id="duration" error={errorText(ctx, errors, 'duration')} />
          <Choice
            name="duration"
            options={DURATIONS}
            current={one('duration') ?? '6'}
            label={(d) => f(`durations.${d}`)}
          />
        </fieldset>
        <TimeZoneField ctx={ctx} current={one('tz') ?? 'Asia/Bangkok'} />
        <FieldError ctx={ctx} id="w1days" error={errorText(ctx, errors, 'w1days')} />
        <WindowFields
          ctx={ctx}
          prefix="w1"
          draft={Object.fromEntries(
            ['w1days', 'w1from', 'w1to'].flatMap((k) => (values[k] ? [[k, values[k] as string[]]] : [])),
          )}
          legend={t('request:when.window1')}
        />
        <ul class="checks">
          <li>
            <input
              type="checkbox"
              id="escalate"
              name="escalate"
              value="yes"
              checked={one('escalate') === 'yes'}
              aria-describedby="escalate-hint"
            />
            <label for="escalate">{f('escalateLabel')}</label>
          </li>
        </ul>
        <p class="hint" id="escalate-hint">
          {f('escalateHint')}
        </p>
        <FieldError ctx={ctx} id="consent" error={errorText(ctx, errors, 'consent')} />
        <ul class="checks">
          <li>
            <input
              type="checkbox"
              id="consent"
              name="consent"
              value="yes"
              checked={one('consent') === 'yes'}
              aria-describedby={describedBy(errors, 'consent')}
            />
            <label for="consent">{f('consent')}</label>
          </li>
        </ul>
        <p>
          <button type="submit" class="button" id="submit">
            {f('submit')}
          </button>
        </p>
      </form>
    </Layout>
  );
}

export function FollowUpLookupPage({ ctx, message }: { ctx: PageContext; message?: string | undefined }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('followup:manageTitle')}>
      <h1>{t('followup:manageTitle')}</h1>
      {message ? (
        <p class="note" role="alert">
          {message}
        </p>
      ) : null}
      <p>{t('followup:manageIntro')}</p>
      <form method="post" action={`/${locale}/follow-up/manage`} novalidate autoComplete="off">
        <label for="code" class="label">
          {t('request:status.codeLabel')}
        </label>
        <input type="text" id="code" name="code" maxLength={12} autoComplete="off" />
        <label for="pin" class="label">
          {t('request:status.pinLabel')}
        </label>
        <input type="password" id="pin" name="pin" inputMode="numeric" maxLength={8} autoComplete="off" />
        <p>
          <button type="submit" class="button">
            {t('request:status.submit')}
          </button>
        </p>
      </form>
    </Layout>
  );
}

/** Pause, resume, change, ask for contact now, stop: each one step, no reason asked. */
export function FollowUpManagePage({
  ctx,
  followUp,
  token,
  notice,
}: {
  ctx: PageContext;
  followUp: FollowUp;
  token: string;
  notice?: string | undefined;
}) {
  const { t, locale } = ctx;
  const f = (k: string, o?: Record<string, unknown>) => t(`followup:${k}`, o);
  const action = (name: string) => `/${locale}/follow-up/manage/${name}`;
  const Button = ({ name, label, secondary }: { name: string; label: string; secondary?: boolean }) => (
    <form method="post" action={action(name)} class="inline-form">
      <input type="hidden" name="token" value={token} />
      <button type="submit" class={secondary ? 'button secondary' : 'button'}>
        {label}
      </button>
    </form>
  );
  const w = followUp.safeWindows[0];
  return (
    <Layout ctx={ctx} title={f('manageTitle')}>
      <h1>{f('manageTitle')}</h1>
      {notice ? (
        <p class="note" role="status">
          {notice}
        </p>
      ) : null}
      <p class="lead">{f(`status.${followUp.status}`)}</p>
      {followUp.status === 'active' ? (
        <p>
          {followUp.nextDueAt
            ? f('nextDue', {
                date: new Intl.DateTimeFormat(dateTagFor(locale), {
                  dateStyle: 'long',
                  timeZone: followUp.timeZone,
                }).format(new Date(followUp.nextDueAt)),
              })
            : f('noneScheduled')}
        </p>
      ) : null}
      {followUp.status !== 'stopped' ? (
        <>
          <div class="actions">
            {followUp.status === 'active' ? (
              <Button name="pause" label={f('pause')} secondary />
            ) : (
              <Button name="resume" label={f('resume')} />
            )}
            <Button name="contact-now" label={f('contactNow')} secondary />
          </div>
          <form method="post" action={action('change')} novalidate autoComplete="off">
            <input type="hidden" name="token" value={token} />
            <fieldset>
              <legend class="label">{f('rhythmLabel')}</legend>
              <Choice
                name="rhythm"
                options={RHYTHMS}
                current={followUp.rhythm}
                label={(r) => f(`rhythms.${r}`)}
              />
            </fieldset>
            <TimeZoneField ctx={ctx} current={followUp.timeZone} />
            <WindowFields
              ctx={ctx}
              prefix="w1"
              draft={w ? { w1days: [...w.days], w1from: [w.from], w1to: [w.to] } : {}}
              legend={t('request:when.window1')}
            />
            <p>
              <button type="submit" class="button">
                {f('change')}
              </button>
            </p>
          </form>
          <h2>{f('stop')}</h2>
          <Button name="stop" label={f('stop')} secondary />
        </>
      ) : null}
    </Layout>
  );
}
