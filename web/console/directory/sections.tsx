import type { ComponentChildren } from 'preact';
import type { EditErrors } from '../../../functions/domain/directory/editing.js';
import {
  CONTACT_KINDS,
  type FormValues,
  SERVED_GROUPS,
  SERVICE_SECTIONS,
  type ServiceSection,
  SHELTER_FLAGS,
  WEEKDAYS,
} from '../../../functions/domain/directory/sections.js';
import { AREAS, SUBTYPES } from '../../../functions/domain/directory/taxonomy.js';
import { SUPPORTED_LOCALES } from '../../../functions/domain/locales.js';
import { Field, FieldSet } from '../../components/form-field.js';
import { weekdayName } from '../../components/format.js';
import { type ConsoleContext, ConsoleLayout } from '../layout.js';
import { FormAlert } from '../../components/form-errors.js';

/**
 * The editors' forms for every field of a listing other than its texts: one form per section,
 * each posting to /console/directory/services/{id}/{section} with the revision it was opened at.
 */

export interface SectionOption {
  id: string;
  name: string;
  confidential?: boolean;
}

export interface SectionsProps {
  ctx: ConsoleContext;
  serviceId: string;
  rev: number;
  /** What each section's form shows (what was sent, for the section that had an error). */
  values: Record<ServiceSection, FormValues>;
  /** The section that was sent with errors, and its errors. */
  failed?: { section: ServiceSection; errors: EditErrors };
  organizations: SectionOption[];
  /** The locations of the listing's organisation. */
  locations: SectionOption[];
}

const v = (values: FormValues, key: string) => values[key]?.[0] ?? '';
const has = (values: FormValues, key: string, value = '1') => (values[key] ?? []).includes(value);

export function errorText(ctx: ConsoleContext, errors: EditErrors | undefined, key: string) {
  const code = errors?.[key];
  return code ? ctx.t(`console:directory.errors.${code}`) : undefined;
}

export function ServiceSections(props: SectionsProps) {
  return (
    <>
      {SERVICE_SECTIONS.map((section) => (
        <SectionForm {...props} section={section} />
      ))}
    </>
  );
}

function SectionForm(props: SectionsProps & { section: ServiceSection }) {
  const { ctx, section, serviceId, rev, failed } = props;
  const { t } = ctx;
  const errors = failed?.section === section ? failed.errors : undefined;
  const values = props.values[section];
  const err = (key: string) => errorText(ctx, errors, key);
  const f = (key: string) => t(`console:directory.fields.${key}`);
  const id = (key: string) => `${section}-${key.replace(/\./g, '-')}`;
  let body: ComponentChildren;
  switch (section) {
    case 'organization':
      body = (
        <Field ctx={ctx} id={id('organizationId')} label={f('organizationId')} error={err('organizationId')}>
          {(control) => (
            <select {...control} name="organizationId">
              {props.organizations.map((o) => (
                <option value={o.id} selected={v(values, 'organizationId') === o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
      break;
    case 'contacts': {
      const rows = Number(v(values, 'contacts.count')) || 0;
      body = (
        <>
          <input type="hidden" name="contacts.count" value={String(rows)} />
          {Array.from({ length: rows }, (_, i) => {
            const p = `contacts.${i}`;
            return (
              <fieldset class="row">
                <legend>{t('console:directory.contactRow', { n: i + 1 })}</legend>
                {v(values, `${p}.orig`) ? (
                  <input type="hidden" name={`${p}.orig`} value={v(values, `${p}.orig`)} />
                ) : null}
                <Field ctx={ctx} id={id(`${p}.kind`)} label={f('kind')} error={err(`${p}.kind`)}>
                  {(control) => (
                    <select {...control} name={`${p}.kind`}>
                      {CONTACT_KINDS.map((k) => (
                        <option value={k} selected={v(values, `${p}.kind`) === k}>
                          {t(`directory:contact.${k}`)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field
                  ctx={ctx}
                  id={id(`${p}.value`)}
                  label={f('value')}
                  hint={t('console:directory.hints.contactValue')}
                  error={err(`${p}.value`)}
                >
                  {(control) => (
                    <input
                      {...control}
                      type="text"
                      name={`${p}.value`}
                      value={v(values, `${p}.value`)}
                      maxLength={300}
                    />
                  )}
                </Field>
                <Field ctx={ctx} id={id(`${p}.label`)} label={f('label')} error={err(`${p}.label.en`)}>
                  {(control) => (
                    <input
                      {...control}
                      type="text"
                      name={`${p}.label`}
                      value={v(values, `${p}.label`)}
                      maxLength={4000}
                    />
                  )}
                </Field>
                <label>
                  <input type="checkbox" name={`${p}.free`} value="1" checked={has(values, `${p}.free`)} />{' '}
                  {f('free')}
                </label>
                <Field ctx={ctx} id={id(`${p}.showsOnBill`)} label={f('showsOnBill')}>
                  {(control) => (
                    <YesNo
                      {...control}
                      ctx={ctx}
                      name={`${p}.showsOnBill`}
                      value={v(values, `${p}.showsOnBill`)}
                    />
                  )}
                </Field>
                {v(values, `${p}.orig`) ? (
                  <label>
                    <input
                      type="checkbox"
                      name={`${p}.remove`}
                      value="1"
                      checked={has(values, `${p}.remove`)}
                    />{' '}
                    {f('remove')}
                  </label>
                ) : null}
              </fieldset>
            );
          })}
        </>
      );
      break;
    }
    case 'hours': {
      const rows = Number(v(values, 'hours.count')) || 0;
      body = (
        <>
          <Field
            ctx={ctx}
            id={id('timeZone')}
            label={f('timeZone')}
            hint={t('console:directory.hints.timeZone')}
            error={err('schedule.timeZone')}
          >
            {(control) => (
              <input {...control} type="text" name="timeZone" value={v(values, 'timeZone')} maxLength={64} />
            )}
          </Field>
          <label>
            <input type="checkbox" name="open24h" value="1" checked={has(values, 'open24h')} /> {f('open24h')}
          </label>
          <input type="hidden" name="hours.count" value={String(rows)} />
          {Array.from({ length: rows }, (_, i) => {
            const p = `hours.${i}`;
            const e = (k: string) => err(`schedule.hours.${i}.${k}`);
            return (
              <FieldSet
                ctx={ctx}
                id={id(p)}
                legend={t('console:directory.hoursRow', { n: i + 1 })}
                error={e('days') ?? e('opens') ?? e('closes')}
              >
                {v(values, `${p}.orig`) ? (
                  <input type="hidden" name={`${p}.orig`} value={v(values, `${p}.orig`)} />
                ) : null}
                {WEEKDAYS.map((day) => (
                  <label class="inline">
                    <input
                      type="checkbox"
                      name={`${p}.days`}
                      value={day}
                      checked={has(values, `${p}.days`, day)}
                    />{' '}
                    {weekdayName(day, ctx.locale, 'short')}
                  </label>
                ))}{' '}
                <label>
                  {f('opens')}{' '}
                  <input
                    name={`${p}.opens`}
                    value={v(values, `${p}.opens`)}
                    placeholder="09:00"
                    size={5}
                    maxLength={5}
                  />
                </label>{' '}
                <label>
                  {f('closes')}{' '}
                  <input
                    name={`${p}.closes`}
                    value={v(values, `${p}.closes`)}
                    placeholder="17:00"
                    size={5}
                    maxLength={5}
                  />
                </label>
              </FieldSet>
            );
          })}
          <Field ctx={ctx} id={id('notes')} label={f('notes')} error={err('schedule.notes.en')}>
            {(control) => (
              <input {...control} type="text" name="notes" value={v(values, 'notes')} maxLength={4000} />
            )}
          </Field>
        </>
      );
      break;
    }
    case 'eligibility':
      body = (
        <>
          <FieldSet
            ctx={ctx}
            id={id('servesGroups')}
            legend={f('servesGroups')}
            hint={t('console:directory.hints.servesGroups')}
            error={err('servesGroups')}
          >
            {SERVED_GROUPS.map((g) => (
              <label class="inline">
                <input
                  type="checkbox"
                  name="servesGroups"
                  value={g}
                  checked={has(values, 'servesGroups', g)}
                />{' '}
                {t(`directory:groups.${g}`)}
              </label>
            ))}
          </FieldSet>
          <Field ctx={ctx} id={id('minimumAge')} label={f('minimumAge')} error={err('minimumAge')}>
            {(control) => (
              <input
                {...control}
                name="minimumAge"
                value={v(values, 'minimumAge')}
                inputMode="numeric"
                size={4}
                maxLength={4}
              />
            )}
          </Field>
          <Field ctx={ctx} id={id('maximumAge')} label={f('maximumAge')} error={err('maximumAge')}>
            {(control) => (
              <input
                {...control}
                name="maximumAge"
                value={v(values, 'maximumAge')}
                inputMode="numeric"
                size={4}
                maxLength={4}
              />
            )}
          </Field>
          <label>
            <input
              type="checkbox"
              name="policeReportRequired"
              value="1"
              checked={has(values, 'policeReportRequired')}
            />{' '}
            {f('policeReportRequired')}
          </label>
          <label>
            <input type="checkbox" name="generalService" value="1" checked={has(values, 'generalService')} />{' '}
            {f('generalService')}
          </label>
        </>
      );
      break;
    case 'cost':
      body = (
        <>
          <label>
            <input type="checkbox" name="free" value="1" checked={has(values, 'free')} /> {f('costFree')}
          </label>
          <Field ctx={ctx} id={id('details')} label={f('costDetails')} error={err('cost.details.en')}>
            {(control) => (
              <input {...control} type="text" name="details" value={v(values, 'details')} maxLength={4000} />
            )}
          </Field>
          <Field
            ctx={ctx}
            id={id('documents')}
            label={f('documents')}
            hint={t('console:directory.hints.documents')}
            error={err('documentsRequired')}
          >
            {(control) => (
              <textarea {...control} name="documents" rows={3}>
                {v(values, 'documents')}
              </textarea>
            )}
          </Field>
        </>
      );
      break;
    case 'shelter':
      body = (
        <>
          {SHELTER_FLAGS.map((flag) => (
            <Field ctx={ctx} id={id(flag)} label={f(flag)}>
              {(control) => (
                <YesNo
                  {...control}
                  ctx={ctx}
                  name={`conditions.${flag}`}
                  value={v(values, `conditions.${flag}`)}
                />
              )}
            </Field>
          ))}
          <Field
            ctx={ctx}
            id={id('typicalStay')}
            label={f('typicalStay')}
            error={err('conditions.typicalStay.en')}
          >
            {(control) => (
              <input
                {...control}
                type="text"
                name="typicalStay"
                value={v(values, 'typicalStay')}
                maxLength={4000}
              />
            )}
          </Field>
        </>
      );
      break;
    case 'languages':
      body = (
        <Field
          ctx={ctx}
          id={id('languages')}
          label={f('languages')}
          hint={t('console:directory.hints.languages')}
          error={err('languages')}
        >
          {(control) => (
            <input {...control} type="text" name="languages" value={v(values, 'languages')} maxLength={300} />
          )}
        </Field>
      );
      break;
    case 'areas':
      body = (
        <>
          <FieldSet ctx={ctx} id={id('areas')} legend={f('areas')} error={err('areas')}>
            {AREAS.map((a) => (
              <label class="inline">
                <input type="checkbox" name="areas" value={a} checked={has(values, 'areas', a)} />{' '}
                {t(`directory:areas.${a}`)}
              </label>
            ))}
          </FieldSet>
          <FieldSet ctx={ctx} id={id('subtypes')} legend={f('subtypes')} error={err('subtypes')}>
            {AREAS.flatMap((a) =>
              SUBTYPES[a].map((s) => (
                <label class="inline">
                  <input
                    type="checkbox"
                    name="subtypes"
                    value={`${a}.${s}`}
                    checked={has(values, 'subtypes', `${a}.${s}`)}
                  />{' '}
                  {t(`directory:subtypes.${a}.${s}`)}
                </label>
              )),
            )}
          </FieldSet>
          <Field
            ctx={ctx}
            id={id('servesPlaces')}
            label={f('servesPlaces')}
            hint={t('console:directory.hints.servesPlaces')}
            error={err('servesPlaces')}
          >
            {(control) => (
              <input
                {...control}
                type="text"
                name="servesPlaces"
                value={v(values, 'servesPlaces')}
                maxLength={1000}
              />
            )}
          </Field>
        </>
      );
      break;
    case 'locations':
      body = (
        <FieldSet ctx={ctx} id={id('locationIds')} legend={f('locationIds')} error={err('locationIds')}>
          {props.locations.length === 0 ? <p>{t('console:directory.noLocations')}</p> : null}
          {props.locations.map((l) => (
            <p>
              <label class="inline">
                <input
                  type="checkbox"
                  name="locationIds"
                  value={l.id}
                  checked={has(values, 'locationIds', l.id)}
                />{' '}
                {l.name}
                {l.confidential ? ` (${t('console:directory.confidential')})` : ''}
              </label>{' '}
              <a href={`/console/directory/locations/${encodeURIComponent(l.id)}`}>
                {t('console:directory.editLocation')}
              </a>
            </p>
          ))}
        </FieldSet>
      );
      break;
  }
  return (
    <section id={`section-${section}`} class="section">
      <h2>{t(`console:directory.sections.${section}`)}</h2>
      {errors ? <FormAlert>{t('console:directory.sectionErrors')}</FormAlert> : null}
      <form method="post" action={`/console/directory/services/${encodeURIComponent(serviceId)}/${section}`}>
        <input type="hidden" name="csrf" value={ctx.user?.csrf ?? ''} />
        <input type="hidden" name="rev" value={String(rev)} />
        {body}
        <button type="submit" class="button small">
          {t('console:directory.saveSection', { section: t(`console:directory.sections.${section}`) })}
        </button>
      </form>
    </section>
  );
}

function YesNo({
  ctx,
  name,
  value,
  ...control
}: {
  ctx: ConsoleContext;
  name: string;
  value: string;
  id: string;
}) {
  return (
    <select {...control} name={name}>
      {(['', 'yes', 'no'] as const).map((o) => (
        <option value={o} selected={value === o}>
          {ctx.t(`console:directory.yesNo.${o || 'unknown'}`)}
        </option>
      ))}
    </select>
  );
}

/** An organisation's own page: its name in every language, description, website, e-mail. */
export function OrganizationEditView({
  ctx,
  id,
  rev,
  values,
  errors,
  notice,
  conflict,
}: {
  ctx: ConsoleContext;
  id: string;
  rev: number;
  values: FormValues;
  errors?: EditErrors;
  notice?: string;
  conflict?: boolean;
}) {
  const { t } = ctx;
  const f = (key: string) => t(`console:directory.fields.${key}`);
  const err = (key: string) => errorText(ctx, errors, key);
  return (
    <RecordEditPage
      ctx={ctx}
      title={v(values, 'name.en') || id}
      action={`/console/directory/organizations/${encodeURIComponent(id)}`}
      {...{ rev, notice, conflict, errors }}
    >
      <FieldSet ctx={ctx} id="org-name" legend={f('organizationName')}>
        {SUPPORTED_LOCALES.map((l) => (
          <Field ctx={ctx} id={`name-${l}`} label={l} error={err(`name.${l}`)}>
            {(control) => (
              <input
                {...control}
                name={`name.${l}`}
                value={v(values, `name.${l}`)}
                lang={l}
                maxLength={4000}
              />
            )}
          </Field>
        ))}
      </FieldSet>
      <Field ctx={ctx} id="description" label={f('organizationDescription')} error={err('description.en')}>
        {(control) => (
          <textarea {...control} name="description" rows={3}>
            {v(values, 'description')}
          </textarea>
        )}
      </Field>
      <Field ctx={ctx} id="website" label={f('website')} error={err('website')}>
        {(control) => (
          <input {...control} name="website" value={v(values, 'website')} type="url" maxLength={300} />
        )}
      </Field>
      <Field ctx={ctx} id="email" label={f('email')} error={err('email')}>
        {(control) => (
          <input {...control} name="email" value={v(values, 'email')} type="email" maxLength={300} />
        )}
      </Field>
    </RecordEditPage>
  );
}

/** A location's own page; a confidential location's street address is shown to staff only. */
export function LocationEditView({
  ctx,
  id,
  rev,
  values,
  errors,
  notice,
  conflict,
}: {
  ctx: ConsoleContext;
  id: string;
  rev: number;
  values: FormValues;
  errors?: EditErrors;
  notice?: string;
  conflict?: boolean;
}) {
  const { t } = ctx;
  const f = (key: string) => t(`console:directory.fields.${key}`);
  const err = (key: string) => errorText(ctx, errors, key);
  const text = (key: string, max: number, extra: Record<string, string> = {}) => (
    <Field
      ctx={ctx}
      id={key}
      label={f(key === 'country' ? 'addressCountry' : key)}
      error={err(key === 'name' ? 'name.en' : key)}
    >
      {(control) => (
        <input {...control} type="text" name={key} value={v(values, key)} maxLength={max} {...extra} />
      )}
    </Field>
  );
  return (
    <RecordEditPage
      ctx={ctx}
      title={v(values, 'name') || id}
      action={`/console/directory/locations/${encodeURIComponent(id)}`}
      {...{ rev, notice, conflict, errors }}
    >
      {text('name', 4000)}
      <Field
        ctx={ctx}
        id="placeId"
        label={f('placeId')}
        hint={t('console:directory.hints.placeId')}
        error={err('placeId')}
      >
        {(control) => (
          <input {...control} type="text" name="placeId" value={v(values, 'placeId')} maxLength={20} />
        )}
      </Field>
      <label>
        <input type="checkbox" name="confidential" value="1" checked={has(values, 'confidential')} />{' '}
        {f('confidential')}
      </label>
      <FieldSet
        ctx={ctx}
        id="address"
        legend={f('address')}
        hint={t('console:directory.hints.confidentialAddress')}
      >
        {text('street', 300)}
        {text('city', 100)}
        {text('region', 100)}
        {text('postalCode', 20)}
        {text('country', 2, { size: '3' })}
        {text('latitude', 20, { inputMode: 'decimal' })}
        {text('longitude', 20, { inputMode: 'decimal' })}
      </FieldSet>
      <Field ctx={ctx} id="accessibility" label={f('accessibility')} error={err('accessibility.en')}>
        {(control) => (
          <textarea {...control} name="accessibility" rows={2}>
            {v(values, 'accessibility')}
          </textarea>
        )}
      </Field>
    </RecordEditPage>
  );
}

/** The page of one organisation or location: back link, heading, notices, and its form with the revision. */
function RecordEditPage({
  ctx,
  title,
  action,
  rev,
  notice,
  conflict,
  errors,
  children,
}: {
  ctx: ConsoleContext;
  title: string;
  action: string;
  rev: number;
  notice?: string | undefined;
  conflict?: boolean | undefined;
  errors?: EditErrors | undefined;
  children: ComponentChildren;
}) {
  const { t } = ctx;
  return (
    <ConsoleLayout ctx={ctx} title={title}>
      <p>
        <a href="/console/directory">{t('console:directory.back')}</a>
      </p>
      <h1>{title}</h1>
      <Notices ctx={ctx} notice={notice} conflict={conflict} errors={errors} />
      <form method="post" action={action}>
        <input type="hidden" name="csrf" value={ctx.user?.csrf ?? ''} />
        <input type="hidden" name="rev" value={String(rev)} />
        {children}
        <button type="submit" class="button">
          {t('console:directory.save')}
        </button>
      </form>
    </ConsoleLayout>
  );
}

function Notices({
  ctx,
  notice,
  conflict,
  errors,
}: {
  ctx: ConsoleContext;
  notice?: string | undefined;
  conflict?: boolean | undefined;
  errors?: EditErrors | undefined;
}) {
  return (
    <>
      {notice ? (
        <p role="status" class="notice">
          {notice}
        </p>
      ) : null}
      {conflict ? <FormAlert>{ctx.t('console:directory.conflict')}</FormAlert> : null}
      {errors ? <FormAlert>{ctx.t('console:directory.sectionErrors')}</FormAlert> : null}
    </>
  );
}
