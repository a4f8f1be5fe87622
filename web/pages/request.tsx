import type { ComponentChildren } from 'preact';
import type { Place } from '../../functions/domain/directory/model.js';
import { CONTACT_CHANNELS, type ContactChannelKind } from '../../functions/domain/requests/vocabulary.js';
import type { PublicStatus } from '../../functions/domain/requests/lifecycle.js';
import type { SafeWindow } from '../../functions/domain/requests/safe-windows.js';
import {
  ALL_FIELDS,
  type Draft,
  type FieldErrors,
  FORM_OPTIONS,
  REQUIRED_STEPS,
  STEP_FIELDS,
  STEPS,
  type StepId,
} from './request-form.js';
import {
  describedBy,
  describedByIds,
  ErrorSummary,
  errorText,
  FieldError,
  FormAlert,
  withNamespace,
} from '../components/form-errors.js';
import { localized } from '../components/format.js';
import { HelplineChannels } from '../components/helpline-channels.js';
import { Pictogram, type PictogramName } from '../components/icon.js';
import { HandleInput } from '../components/handle-input.js';
import { Layout, type PageContext } from '../components/layout.js';
import { OptionList } from '../components/option-list.js';
import { TimeZoneField } from '../components/time-zone-field.js';
import { UrgentNumbers } from '../components/urgent-numbers.js';

export interface StepPageProps {
  ctx: PageContext;
  step: StepId;
  draft: Draft;
  errors: FieldErrors;
  idempotencyKey: string;
  startedToken: string;
  countries: Place[];
  provinces: Place[];
  defaultTimeZone: string;
  retentionDays: number;
  /** The draft token in this form's address (services/request-drafts.ts). */
  draftToken: string;
  /** Reached with a "change" link from the check page: the step returns there. */
  returnToCheck: boolean;
  /** How long answers are kept between steps. */
  draftMinutes: number;
  /** The service could not store the request: the answers stay on the page. */
  unavailable?: boolean;
}

/** Where the error summary links for fields whose first control is not `#<field>`. */
const ANCHORS: Record<string, string> = {
  channel: `channel-${CONTACT_CHANNELS[0]}`,
  w1days: 'w1days-mo',
  danger: 'danger-yes',
};

/** Browsers must not machine-translate a reference code. */
const NO_TRANSLATE = { translate: 'no' } as unknown as Record<string, never>;

const val = (d: Draft, f: string) => d[f]?.[0] ?? '';

type ChoiceProps = {
  name: string;
  options: readonly string[];
  draft: Draft;
  label: (o: string) => string;
  icon?: (o: string) => ComponentChildren;
};

/** The pictogram beside each way to be contacted: a call, a written message, an e-mail, a meeting. */
const CHANNEL_PICTOGRAMS: Record<ContactChannelKind, PictogramName> = {
  phone: 'phone',
  sms: 'message',
  whatsapp: 'message',
  line: 'message',
  viber: 'message',
  telegram: 'message',
  signal: 'message',
  messenger: 'message',
  email: 'email',
  meet: 'person',
};

function Radios({ draft, ...rest }: ChoiceProps) {
  return <OptionList type="radio" selected={draft[rest.name]?.slice(0, 1) ?? []} {...rest} />;
}

function Checks({ draft, ...rest }: ChoiceProps) {
  return <OptionList type="checkbox" selected={draft[rest.name] ?? []} {...rest} />;
}

function YesNo({
  ctx,
  name,
  draft,
  legend,
  hint,
}: {
  ctx: PageContext;
  name: string;
  draft: Draft;
  legend: string;
  hint?: string;
}) {
  const t = ctx.t;
  return (
    <fieldset>
      <legend class="label">{legend}</legend>
      {hint ? <p class="hint">{hint}</p> : null}
      <Radios name={name} options={['no', 'yes']} draft={draft} label={(o) => t(`request:${o}`)} />
    </fieldset>
  );
}

/**
 * Urgent numbers, shown before anything else when someone is in danger now, and whenever the
 * request could not be stored. Never empty: the chosen country's numbers, else the language's
 * country, else every country's and the helpline's own line (functions/domain/urgent-help.ts).
 */
export function UrgentBox({ ctx, country }: { ctx: PageContext; country?: string | undefined }) {
  const { t } = ctx;
  return (
    <section class="note warn urgent-box" aria-labelledby="urgent-title">
      <h2 id="urgent-title">{t('request:start.urgentTitle')}</h2>
      <UrgentNumbers ctx={ctx} help={ctx.urgentHelp(country)} />
      <p>{t('request:start.urgentAfter')}</p>
    </section>
  );
}

function HourSelect({
  name,
  draft,
  id,
  fallback,
}: {
  name: string;
  draft: Draft;
  id: string;
  fallback: string;
}) {
  const current = val(draft, name) || fallback;
  return (
    <select id={id} name={name}>
      {FORM_OPTIONS.hours.map((h) => (
        <option key={h} value={h} selected={h === current}>
          {h}
        </option>
      ))}
    </select>
  );
}

export function WindowFields({
  ctx,
  prefix,
  draft,
  legend,
}: {
  ctx: PageContext;
  prefix: 'w1' | 'w2';
  draft: Draft;
  legend: string;
}) {
  const t = ctx.t;
  return (
    <fieldset class="window">
      <legend class="label with-icon">
        <Pictogram name="clock" />
        {legend}
      </legend>
      <p class="label-small">{t('request:when.daysLabel')}</p>
      <Checks
        name={`${prefix}days`}
        options={FORM_OPTIONS.weekdays}
        draft={draft}
        label={(d) => t(`request:when.days.${d}`)}
      />
      <div class="time-range">
        <label for={`${prefix}from`}>{t('request:when.fromLabel')}</label>
        <HourSelect
          name={`${prefix}from`}
          id={`${prefix}from`}
          draft={draft}
          fallback={prefix === 'w1' ? '09:00' : '18:00'}
        />
        <label for={`${prefix}to`}>{t('request:when.toLabel')}</label>
        <HourSelect
          name={`${prefix}to`}
          id={`${prefix}to`}
          draft={draft}
          fallback={prefix === 'w1' ? '12:00' : '20:00'}
        />
      </div>
    </fieldset>
  );
}

function StepQuestions(props: StepPageProps) {
  const { ctx, step, draft, errors } = props;
  const { t, locale } = ctx;
  switch (step) {
    case 'start':
      return (
        <>
          <fieldset>
            <legend>
              <h1 class="with-icon">
                <Pictogram name="alert" size={28} />
                {t('request:start.title')}
              </h1>
            </legend>
            <Radios
              name="danger"
              options={['yes', 'no']}
              draft={draft}
              label={(o) => t(o === 'yes' ? 'request:start.dangerYes' : 'request:start.dangerNo')}
            />
          </fieldset>
          <label for="country" class="label">
            {t('request:start.countryLabel')}
          </label>
          <FieldError ctx={ctx} id="country" error={errorText(ctx, errors, 'country')} />
          <select id="country" name="country" aria-describedby={describedBy(errors, 'country')}>
            <option value="">{t('directory:find.anyPlace')}</option>
            {props.countries.map((c) => (
              <option key={c.id} value={c.id} selected={val(draft, 'country') === c.id}>
                {localized(c.name, locale)}
              </option>
            ))}
          </select>
        </>
      );
    case 'contact':
      return (
        <>
          <h1>{t('request:contact.title')}</h1>
          <fieldset aria-describedby={describedBy(errors, 'channel')}>
            <legend class="label">{t('request:contact.channelLabel')}</legend>
            <FieldError ctx={ctx} id="channel" error={errorText(ctx, errors, 'channel')} />
            <Radios
              name="channel"
              options={CONTACT_CHANNELS}
              draft={draft}
              label={(c) => t(`request:contact.channels.${c}`)}
              icon={(c) => <Pictogram name={CHANNEL_PICTOGRAMS[c as ContactChannelKind]} />}
            />
          </fieldset>
          <label for="handle" class="label">
            {t('request:contact.handleLabel')}
          </label>
          <p class="hint" id="handle-hint">
            {t('request:contact.handleHint')}
          </p>
          <FieldError ctx={ctx} id="handle" error={errorText(ctx, errors, 'handle')} />
          <HandleInput
            channel={val(draft, 'channel')}
            value={val(draft, 'handle')}
            describedBy={describedBy(errors, 'handle', 'handle-hint')}
          />
          <p class="hint">{t('request:contact.privacy')}</p>
        </>
      );
    case 'when':
      return (
        <>
          <h1>{t('request:when.title')}</h1>
          <p>{t('request:when.hint')}</p>
          <FieldError ctx={ctx} id="w1days" error={errorText(ctx, errors, 'w1days')} />
          <TimeZoneField ctx={ctx} current={val(draft, 'tz') || props.defaultTimeZone} />
          <WindowFields ctx={ctx} prefix="w1" draft={draft} legend={t('request:when.window1')} />
          <WindowFields ctx={ctx} prefix="w2" draft={draft} legend={t('request:when.window2')} />
          <p class="hint">{t('request:when.noTimes')}</p>
        </>
      );
    case 'safety':
      return (
        <>
          <h1>{t('request:safety.title')}</h1>
          <YesNo ctx={ctx} name="leaveMessage" draft={draft} legend={t('request:safety.leaveMessageLabel')} />
          <YesNo
            ctx={ctx}
            name="nameOrg"
            draft={draft}
            legend={t('request:safety.nameOrgLabel')}
            hint={t('request:safety.nameOrgHint')}
          />
          <label for="ifOther" class="label">
            {t('request:safety.ifSomeoneElseLabel')} <span class="hint">{t('request:optional')}</span>
          </label>
          <p class="hint" id="ifOther-hint">
            {t('request:safety.ifSomeoneElseHint')}
          </p>
          <FieldError ctx={ctx} id="ifOther" error={errorText(ctx, errors, 'ifOther')} />
          <input
            type="text"
            id="ifOther"
            name="ifOther"
            value={val(draft, 'ifOther')}
            maxLength={200}
            autoComplete="off"
            aria-describedby={describedBy(errors, 'ifOther', 'ifOther-hint')}
          />
          <label for="codeWord" class="label">
            {t('request:safety.codeWordLabel')} <span class="hint">{t('request:optional')}</span>
          </label>
          <p class="hint" id="codeWord-hint">
            {t('request:safety.codeWordHint')}
          </p>
          <FieldError ctx={ctx} id="codeWord" error={errorText(ctx, errors, 'codeWord')} />
          <input
            type="text"
            id="codeWord"
            name="codeWord"
            value={val(draft, 'codeWord')}
            maxLength={40}
            autoComplete="off"
            spellcheck={false}
            aria-describedby={describedBy(errors, 'codeWord', 'codeWord-hint')}
          />
        </>
      );
    case 'about':
      return (
        <>
          <h1>{t('request:about.title')}</h1>
          <fieldset>
            <legend class="label">{t('request:about.languagesLabel')}</legend>
            <Checks
              name="langs"
              options={FORM_OPTIONS.languages}
              draft={draft}
              label={(l) => t(`request:about.languages.${l}`)}
            />
          </fieldset>
          <ul class="checks">
            <li>
              <input
                type="checkbox"
                id="interpreter"
                name="interpreter"
                value="yes"
                checked={val(draft, 'interpreter') === 'yes'}
              />
              <label for="interpreter">{t('request:about.interpreterLabel')}</label>
            </li>
          </ul>
          <fieldset>
            <legend class="label">{t('request:about.genderLabel')}</legend>
            <Radios
              name="opGender"
              options={FORM_OPTIONS.genders}
              draft={draft}
              label={(g) => t(`request:about.genders.${g}`)}
            />
          </fieldset>
          <fieldset>
            <legend class="label">{t('request:about.ageLabel')}</legend>
            <Radios
              name="ageBand"
              options={FORM_OPTIONS.ages}
              draft={draft}
              label={(a) => t(`request:about.ages.${a}`)}
            />
          </fieldset>
          {props.provinces.length > 0 ? (
            <>
              <label for="province" class="label">
                {t('request:about.provinceLabel')}
              </label>
              <select id="province" name="province">
                <option value="">{t('request:about.anyProvince')}</option>
                {props.provinces.map((p) => (
                  <option key={p.id} value={p.id} selected={val(draft, 'province') === p.id}>
                    {localized(p.name, locale)}
                  </option>
                ))}
              </select>
            </>
          ) : null}
        </>
      );
    case 'needs':
      return (
        <>
          <h1>{t('request:needs.title')}</h1>
          <fieldset>
            <legend class="label">{t('request:needs.kindsLabel')}</legend>
            <Checks
              name="help"
              options={FORM_OPTIONS.helpKinds}
              draft={draft}
              label={(k) =>
                k === 'for-family'
                  ? t('request:needs.forFamily')
                  : k === 'something-else'
                    ? t('request:needs.somethingElse')
                    : t(`directory:areas.${k}`)
              }
            />
          </fieldset>
          <fieldset>
            <legend class="label">{t('request:needs.flagsLabel')}</legend>
            <ul class="checks">
              {(['hurt', 'threats', 'shelter'] as const).map((f) => (
                <li key={f}>
                  <input type="checkbox" id={f} name={f} value="yes" checked={val(draft, f) === 'yes'} />
                  <label for={f}>
                    {t(
                      `request:needs.${f === 'hurt' ? 'hurtOrSick' : f === 'shelter' ? 'shelterTonight' : 'threats'}`,
                    )}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <label for="message" class="label">
            {t('request:needs.messageLabel')} <span class="hint">{t('request:optional')}</span>
          </label>
          <p class="hint" id="message-hint">
            {t('request:needs.messageHint')}
          </p>
          <FieldError ctx={ctx} id="message" error={errorText(ctx, errors, 'message')} />
          <textarea
            id="message"
            name="message"
            rows={4}
            maxLength={500}
            autoComplete="off"
            aria-describedby={describedBy(errors, 'message', 'message-hint')}
          >
            {val(draft, 'message')}
          </textarea>
        </>
      );
    case 'consent':
      return <CheckAnswers {...props} />;
  }
}

/** A row of the check page: the question, the answer, and a link back to the step that asks it. */
function CheckRow({
  ctx,
  token,
  step,
  anchor,
  label,
  children,
}: {
  ctx: PageContext;
  token: string;
  step: StepId;
  anchor: string;
  label: string;
  children: ComponentChildren;
}) {
  const { t, locale } = ctx;
  return (
    <div class="check-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
      <dd class="check-change">
        <a href={`/${locale}/help/request/${token}/${step}?from=check#${anchor}`}>
          {t('request:check.change')}
          <span class="visually-hidden"> {label}</span>
        </a>
      </dd>
    </div>
  );
}

/** Days and hours of the safe windows, in the reader's words: "Monday, Thursday: 18:00–21:00". */
function windowsInWords(ctx: PageContext, draft: Draft): string[] {
  const { t, locale } = ctx;
  const list = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
  return (['w1', 'w2'] as const).flatMap((p) => {
    const days = draft[`${p}days`] ?? [];
    if (days.length === 0) return [];
    const names = FORM_OPTIONS.weekdays
      .filter((d) => days.includes(d))
      .map((d) => t(`request:when.days.${d}`));
    return [
      t('request:check.window', {
        days: list.format(names),
        from: val(draft, `${p}from`) || (p === 'w1' ? '09:00' : '18:00'),
        to: val(draft, `${p}to`) || (p === 'w1' ? '12:00' : '20:00'),
      }),
    ];
  });
}

/**
 * The last step: every answer as the person gave it, each with a "change" link that returns here,
 * then what happens to the answers and the consent. The code word is hidden until "show" is
 * pressed (a <details>, so it works without JavaScript).
 */
function CheckAnswers(props: StepPageProps) {
  const { ctx, draft, errors, draftToken: token } = props;
  const { t, locale } = ctx;
  const notGiven = <span class="hint">{t('request:check.notGiven')}</span>;
  const yesNo = (f: string) => t(`request:${val(draft, f) === 'yes' ? 'yes' : 'no'}`);
  const list = (items: string[]) => (items.length ? items.join(', ') : notGiven);
  const country = props.countries.find((c) => c.id === val(draft, 'country'));
  const province = props.provinces.find((p) => p.id === val(draft, 'province'));
  const windows = windowsInWords(ctx, draft);
  const row = (step: StepId, anchor: string, label: string, children: ComponentChildren) => (
    <CheckRow ctx={ctx} token={token} step={step} anchor={anchor} label={label}>
      {children}
    </CheckRow>
  );
  const help = (draft.help ?? []).map((k) =>
    k === 'for-family'
      ? t('request:needs.forFamily')
      : k === 'something-else'
        ? t('request:needs.somethingElse')
        : t(`directory:areas.${k}`),
  );
  const flags = (['hurt', 'threats', 'shelter'] as const)
    .filter((f) => val(draft, f) === 'yes')
    .map((f) =>
      t(`request:needs.${f === 'hurt' ? 'hurtOrSick' : f === 'shelter' ? 'shelterTonight' : 'threats'}`),
    );
  return (
    <>
      <h1>{t('request:check.title')}</h1>
      <p>{t('request:check.intro')}</p>
      <dl class="check-answers">
        {row('start', 'danger-yes', t('request:check.danger'), yesNo('danger'))}
        {row(
          'start',
          'country',
          t('request:start.countryLabel'),
          country ? localized(country.name, locale) : t('directory:find.anyPlace'),
        )}
        {row(
          'contact',
          ANCHORS.channel as string,
          t('request:contact.channelLabel'),
          val(draft, 'channel') ? t(`request:contact.channels.${val(draft, 'channel')}`) : notGiven,
        )}
        {row(
          'contact',
          'handle',
          t('request:contact.handleLabel'),
          val(draft, 'handle') ? (
            <span class="answer-handle" dir="ltr" {...NO_TRANSLATE}>
              {val(draft, 'handle')}
            </span>
          ) : (
            notGiven
          ),
        )}
        {row(
          'when',
          'w1days-mo',
          t('request:check.times'),
          windows.length ? (
            <>
              {windows.map((w) => (
                <span key={w} class="answer-line">
                  {w}
                </span>
              ))}
              <span class="answer-line hint">
                {t('request:check.timeZone', {
                  zone: (val(draft, 'tz') || props.defaultTimeZone).replace('_', ' '),
                })}
              </span>
            </>
          ) : (
            t('request:consent.summaryNoTimes')
          ),
        )}
        {row('safety', 'leaveMessage-no', t('request:safety.leaveMessageLabel'), yesNo('leaveMessage'))}
        {row('safety', 'nameOrg-no', t('request:safety.nameOrgLabel'), yesNo('nameOrg'))}
        {row('safety', 'ifOther', t('request:safety.ifSomeoneElseLabel'), val(draft, 'ifOther') || notGiven)}
        {row(
          'safety',
          'codeWord',
          t('request:safety.codeWordLabel'),
          val(draft, 'codeWord') ? (
            <details class="reveal">
              <summary>
                <span aria-hidden="true">••••••</span> {t('request:check.show')}
              </summary>
              <span {...NO_TRANSLATE}>{val(draft, 'codeWord')}</span>
            </details>
          ) : (
            notGiven
          ),
        )}
        {row(
          'about',
          `langs-${FORM_OPTIONS.languages[0]}`,
          t('request:about.languagesLabel'),
          list((draft.langs ?? []).map((l) => t(`request:about.languages.${l}`))),
        )}
        {row('about', 'interpreter', t('request:about.interpreterLabel'), yesNo('interpreter'))}
        {row(
          'about',
          `opGender-${FORM_OPTIONS.genders[0]}`,
          t('request:about.genderLabel'),
          t(`request:about.genders.${val(draft, 'opGender') || 'any'}`),
        )}
        {row(
          'about',
          `ageBand-${FORM_OPTIONS.ages[0]}`,
          t('request:about.ageLabel'),
          t(`request:about.ages.${val(draft, 'ageBand') || 'prefer-not-to-say'}`),
        )}
        {props.provinces.length > 0
          ? row(
              'about',
              'province',
              t('request:about.provinceLabel'),
              province ? localized(province.name, locale) : t('request:about.anyProvince'),
            )
          : null}
        {row('needs', `help-${FORM_OPTIONS.helpKinds[0]}`, t('request:needs.kindsLabel'), list(help))}
        {row('needs', 'hurt', t('request:needs.flagsLabel'), list(flags))}
        {row('needs', 'message', t('request:needs.messageLabel'), val(draft, 'message') || notGiven)}
      </dl>
      <h2>{t('request:check.beforeSending')}</h2>
      <p>{t('request:consent.who')}</p>
      <p>{t('request:consent.howLong', { days: props.retentionDays })}</p>
      <p>{t('request:draft.kept', { minutes: props.draftMinutes })}</p>
      <p>{t('request:consent.withdraw')}</p>
      <p class="note">{t('request:consent.noConditions')}</p>
      <FieldError ctx={ctx} id="consent" error={errorText(ctx, errors, 'consent')} />
      <ul class="checks">
        <li>
          <input
            type="checkbox"
            id="consent"
            name="consent"
            value="yes"
            checked={val(draft, 'consent') === 'yes'}
            aria-describedby={describedBy(errors, 'consent')}
          />
          <label for="consent">{t('request:consent.label')}</label>
        </li>
      </ul>
    </>
  );
}

/** One step of the callback form. Answers from other steps ride along in hidden fields. */
export function RequestStepPage(props: StepPageProps) {
  const { ctx, step, draft } = props;
  const { t, locale } = ctx;
  const index = STEPS.indexOf(step);
  const hidden = ALL_FIELDS.filter((f) => !STEP_FIELDS[step].includes(f));
  const errors = withNamespace(props.errors, 'request:errors.');
  const back = props.returnToCheck;
  return (
    <Layout ctx={ctx} title={t('request:title')} error={Object.keys(errors).length > 0} listen>
      {/* When the request cannot be saved, the urgent numbers are the way to get help now. */}
      {val(draft, 'danger') === 'yes' || props.unavailable ? (
        <UrgentBox ctx={ctx} country={val(draft, 'country') || undefined} />
      ) : null}
      {props.unavailable ? (
        <div class="note warn" role="alert">
          <h2>{t('request:errors.unavailableTitle')}</h2>
          <p>{t('request:errors.unavailable')}</p>
        </div>
      ) : null}
      {props.unavailable ? <HelplineChannels ctx={ctx} /> : null}
      <ErrorSummary ctx={ctx} errors={errors} anchors={ANCHORS} />
      <p class="hint">{t('request:stepOf', { step: index + 1, total: STEPS.length })}</p>
      {index === 0 ? <p>{t('request:intro')}</p> : null}
      <form
        method="post"
        action={`/${locale}/help/request/${props.draftToken}`}
        class="request-form"
        data-request-form=""
        novalidate
        autoComplete="off"
      >
        <input type="hidden" name="idem" value={props.idempotencyKey} />
        <input type="hidden" name="started" value={props.startedToken} />
        <input type="hidden" name="step" value={step} />
        {back ? <input type="hidden" name="return" value="check" /> : null}
        {hidden.flatMap((f) =>
          (draft[f] ?? []).map((v, i) => <input key={`${f}-${i}`} type="hidden" name={f} value={v} />),
        )}
        <StepQuestions {...props} errors={errors} />
        {/* Honeypot: hidden from people, filled in by some bots. */}
        <div class="hp" aria-hidden="true">
          <label for="website">Website</label>
          <input type="text" id="website" name="website" tabIndex={-1} autoComplete="off" />
        </div>
        <p class="actions">
          <button type="submit" name="action" value={step === 'consent' ? 'send' : 'next'} class="button">
            {step === 'consent'
              ? t('request:send')
              : back
                ? t('request:check.saveAndReturn')
                : t('request:next')}
          </button>
          {!REQUIRED_STEPS.has(step) && step !== 'start' ? (
            <button type="submit" name="action" value="skip" class="button secondary">
              {t('request:skip')}
            </button>
          ) : null}
          {index > 0 || back ? (
            <button type="submit" name="action" value="back" class="button secondary">
              {back ? t('request:check.backToCheck') : t('request:back')}
            </button>
          ) : null}
        </p>
        <p
          class="hint"
          id="send-status"
          role="status"
          aria-live="polite"
          data-offline={t('request:sending.offline')}
          data-sending={t('request:sending.sending')}
          data-failed={t('request:sending.failed')}
        />
      </form>
    </Layout>
  );
}

export interface DonePageProps {
  ctx: PageContext;
  code: string;
  duplicate: boolean;
  pinSet: boolean;
  setupToken: string;
  /** The callback form's draft token: the PIN form then answers with redirects. */
  draftToken?: string | undefined;
  urgent: boolean;
  /** The country the person chose, for the urgent numbers. */
  country?: string | undefined;
  pinError?: string | undefined;
  /** Follow-ups reuse this page with their own heading and next steps. */
  heading?: string | undefined;
  nextText?: string | undefined;
}

/** Shown only after the request is stored: the code, a PIN to choose, what happens next. */
export function RequestDonePage({
  ctx,
  code,
  duplicate,
  pinSet,
  setupToken,
  draftToken,
  urgent,
  country,
  pinError,
  heading,
  nextText,
}: DonePageProps) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('request:title')} error={Boolean(pinError)}>
      {urgent ? <UrgentBox ctx={ctx} country={country} /> : null}
      <ErrorSummary ctx={ctx} errors={pinError ? { pin: `request:pin.errors.${pinError}` } : {}} />
      <h1>{heading ?? t('request:done.title')}</h1>
      {duplicate ? <p class="note duplicate">{t('request:done.duplicate')}</p> : null}
      <p class="label">{t('request:done.codeLabel')}</p>
      <p class="reference-code" {...NO_TRANSLATE}>
        {code}
      </p>
      <p>{t('request:done.codeHint')}</p>
      {!pinSet ? (
        <form method="post" action={`/${locale}/help/pin`} novalidate autoComplete="off">
          <h2>{t('request:done.pinTitle')}</h2>
          <p class="hint" id="pin-hint">
            {t('request:done.pinHint')}
          </p>
          <FieldError ctx={ctx} id="pin" error={pinError ? t(`request:pin.errors.${pinError}`) : undefined} />
          <input type="hidden" name="code" value={code} />
          {draftToken ? <input type="hidden" name="draft" value={draftToken} /> : null}
          <input type="hidden" name="token" value={setupToken} />
          <input type="hidden" name="urgent" value={urgent ? 'yes' : 'no'} />
          {urgent && country ? <input type="hidden" name="country" value={country} /> : null}
          <label for="pin" class="label">
            {t('request:done.pinLabel')}
          </label>
          <input
            type="password"
            id="pin"
            name="pin"
            inputMode="numeric"
            autoComplete="off"
            maxLength={8}
            aria-describedby={describedByIds('pin-hint', pinError ? 'pin' : undefined)}
          />
          <label for="pin2" class="label">
            {t('request:done.pinAgainLabel')}
          </label>
          <input type="password" id="pin2" name="pin2" inputMode="numeric" autoComplete="off" maxLength={8} />
          <p>
            <button type="submit" class="button">
              {t('request:done.savePin')}
            </button>
          </p>
        </form>
      ) : (
        <p>{t('request:pin.alreadySet')}</p>
      )}
      <h2>{t('request:done.next')}</h2>
      <p>{nextText ?? (urgent ? t('request:done.urgentNext') : t('request:done.nextText'))}</p>
      <div class="discreet-card">
        <p class="label">{t('request:done.discreetTitle')}</p>
        <p {...NO_TRANSLATE}>{code}</p>
        <p class="hint">{t('request:done.discreetHint')}</p>
      </div>
    </Layout>
  );
}

export function StatusLookupPage({
  ctx,
  failed,
  message,
}: {
  ctx: PageContext;
  failed?: boolean;
  message?: string | undefined;
}) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} title={t('request:status.title')}>
      <h1>{t('request:status.title')}</h1>
      {message ? <p class="note">{message}</p> : null}
      {failed ? <FormAlert>{t('request:status.failed')}</FormAlert> : null}
      <p>{t('request:status.intro')}</p>
      <form method="post" action={`/${locale}/help/status`} novalidate autoComplete="off">
        <label for="code" class="label">
          {t('request:status.codeLabel')}
        </label>
        <input
          type="text"
          id="code"
          name="code"
          autoComplete="off"
          autoCapitalize="characters"
          spellcheck={false}
          maxLength={12}
        />
        <label for="pin" class="label">
          {t('request:status.pinLabel')}
        </label>
        <input type="password" id="pin" name="pin" inputMode="numeric" autoComplete="off" maxLength={8} />
        <p>
          <button type="submit" class="button">
            {t('request:status.submit')}
          </button>
        </p>
      </form>
    </Layout>
  );
}

export interface StatusPageProps {
  ctx: PageContext;
  status: PublicStatus;
  token: string;
  timeZone: string;
  safeWindows: SafeWindow[];
  withdrawn: boolean;
  notice?: string | undefined;
}

function ActionForm({
  ctx,
  action,
  token,
  children,
  submit,
  danger,
}: {
  ctx: PageContext;
  action: string;
  token: string;
  children?: ComponentChildren;
  submit: string;
  danger?: boolean;
}) {
  return (
    <form method="post" action={`/${ctx.locale}/help/status/${action}`} novalidate autoComplete="off">
      <input type="hidden" name="token" value={token} />
      {children}
      <p>
        <button type="submit" class={danger ? 'button secondary' : 'button'}>
          {submit}
        </button>
      </p>
    </form>
  );
}

function draftFromWindows(timeZone: string, windows: SafeWindow[]): Draft {
  const d: Draft = { tz: [timeZone] };
  windows.slice(0, 2).forEach((w, i) => {
    d[`w${i + 1}days`] = [...w.days];
    d[`w${i + 1}from`] = [w.from];
    d[`w${i + 1}to`] = [w.to];
  });
  return d;
}

/** The person's view of their request: coarse status and every change they can make. */
export function StatusPage({
  ctx,
  status,
  token,
  timeZone,
  safeWindows,
  withdrawn,
  notice,
}: StatusPageProps) {
  const { t } = ctx;
  const draft = draftFromWindows(timeZone, safeWindows);
  return (
    <Layout ctx={ctx} title={t('request:status.title')}>
      <h1>{t('request:status.title')}</h1>
      {notice ? (
        <p class="note" role="status">
          {notice}
        </p>
      ) : null}
      <p class="lead">{t('request:status.current', { status: t(`request:status.states.${status}`) })}</p>
      {!withdrawn ? (
        <>
          <h2>{t('request:status.changeTimes')}</h2>
          <ActionForm ctx={ctx} action="safe-times" token={token} submit={t('request:status.save')}>
            <TimeZoneField ctx={ctx} current={timeZone} />
            <WindowFields ctx={ctx} prefix="w1" draft={draft} legend={t('request:when.window1')} />
            <WindowFields ctx={ctx} prefix="w2" draft={draft} legend={t('request:when.window2')} />
          </ActionForm>

          <h2>{t('request:status.changeContact')}</h2>
          <p class="hint">{t('request:status.changeContactHint')}</p>
          <ActionForm ctx={ctx} action="contact" token={token} submit={t('request:status.save')}>
            <fieldset>
              <legend class="label">{t('request:contact.channelLabel')}</legend>
              <Radios
                name="channel"
                options={CONTACT_CHANNELS}
                draft={{}}
                label={(c) => t(`request:contact.channels.${c}`)}
              />
            </fieldset>
            <label for="handle" class="label">
              {t('request:contact.handleLabel')}
            </label>
            <HandleInput channel={undefined} value="" />
            <label for="codeWord" class="label">
              {t('request:safety.codeWordLabel')} <span class="hint">{t('request:optional')}</span>
            </label>
            <input type="text" id="codeWord" name="codeWord" maxLength={40} autoComplete="off" />
            <label for="ifOther" class="label">
              {t('request:safety.ifSomeoneElseLabel')} <span class="hint">{t('request:optional')}</span>
            </label>
            <input type="text" id="ifOther" name="ifOther" maxLength={200} autoComplete="off" />
          </ActionForm>

          <h2>{t('request:status.addMessage')}</h2>
          <ActionForm ctx={ctx} action="message" token={token} submit={t('request:status.save')}>
            <label for="message" class="label">
              {t('request:needs.messageLabel')}
            </label>
            <p class="hint" id="message-hint">
              {t('request:needs.messageHint')}
            </p>
            <textarea
              id="message"
              name="message"
              rows={3}
              maxLength={500}
              autoComplete="off"
              aria-describedby="message-hint"
            />
          </ActionForm>

          <h2>{t('request:status.cancelTitle')}</h2>
          <p>{t('request:status.cancelText')}</p>
          <ActionForm ctx={ctx} action="withdraw" token={token} submit={t('request:status.cancel')} danger />
        </>
      ) : null}

      <p>
        <a href={`/${ctx.locale}/follow-up`}>{t('followup:title')}</a>
      </p>

      <h2>{t('request:status.deleteTitle')}</h2>
      <p>{t('request:status.deleteText')}</p>
      <ActionForm ctx={ctx} action="delete" token={token} submit={t('request:status.delete')} danger />
    </Layout>
  );
}

/**
 * The database cannot be reached for a code + PIN page (status, follow-ups): say so in the reader's
 * language and show every served country's urgent numbers, since we do not know the person's country.
 */
export function LookupUnavailablePage({
  ctx,
  title,
  message,
}: {
  ctx: PageContext;
  title: string;
  message?: string | undefined;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="note" role="alert">
        {message ?? t('request:errors.lookupUnavailable')}
      </p>
      <HelplineChannels ctx={ctx} />
      <section class="note warn urgent-box" aria-labelledby="urgent-title">
        <h2 id="urgent-title">{t('request:start.urgentTitle')}</h2>
        <UrgentNumbers ctx={ctx} help={ctx.urgentHelp(undefined)} />
      </section>
    </Layout>
  );
}
