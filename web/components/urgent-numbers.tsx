import type { CountryNumbers, UrgentHelp } from '../../functions/domain/urgent-help.js';
import { dialable, localized } from './format.js';
import type { PageContext } from './layout.js';

/**
 * The urgent numbers chosen by functions/domain/urgent-help.ts, as tap-to-call links: one
 * country's numbers in full, or (no country known) every served country's numbers in a compact
 * list; the helpline's own line last. `details` adds "free call", "open 24 hours" and phone-bill notes.
 */
export function UrgentNumbers({
  ctx,
  help,
  details = false,
}: {
  ctx: PageContext;
  help: UrgentHelp;
  details?: boolean;
}) {
  const { t, locale } = ctx;
  const u = (key: string, o?: Record<string, unknown>) => t(`directory:urgent.${key}`, o);
  const shown = help.kind === 'country' ? [help.numbers] : help.countries;
  return (
    <>
      {help.kind === 'country' ? (
        <>
          {help.how === 'language' ? (
            <p class="hint">{u('languageCountry', { country: localized(help.numbers.name, locale) })}</p>
          ) : null}
          <FullList ctx={ctx} numbers={help.numbers} details={details} />
        </>
      ) : (
        <>
          <p>{u('everyCountry')}</p>
          <dl class="country-numbers">
            {help.countries.map((c) => (
              <div key={c.country}>
                <dt>{localized(c.name, locale)}</dt>
                {c.emergency.numbers.map((n) => (
                  <dd key={n.number + n.kind}>
                    <a href={`tel:${dialable(n.number)}`}>{n.number}</a> {localized(n.label, locale)}
                  </dd>
                ))}
              </div>
            ))}
          </dl>
        </>
      )}
      <p class="helpline-line">
        <a class="button number" href={`tel:${dialable(help.helpline.number)}`}>
          {u('call', { number: help.helpline.number })}
        </a>
        <span class="number-label">{u('helpline')}</span>
        {help.helpline.demo ? <span class="hint">{u('helplineDemo')}</span> : null}
      </p>
      {help.kind === 'country' && help.how === 'language' ? (
        <p>
          <a href={`/${locale}/urgent?country=all`}>{u('otherCountry')}</a>
        </p>
      ) : null}
      {shown.some((c) => c.emergency.verifyBeforeDeploying) ? <p class="hint">{u('verify')}</p> : null}
    </>
  );
}

function FullList({
  ctx,
  numbers,
  details,
}: {
  ctx: PageContext;
  numbers: CountryNumbers;
  details: boolean;
}) {
  const { t, locale } = ctx;
  const u = (key: string, o?: Record<string, unknown>) => t(`directory:urgent.${key}`, o);
  return (
    <ul class="numbers">
      {numbers.emergency.numbers.map((n) => (
        <li key={n.number + n.kind}>
          <a class="button number" href={`tel:${dialable(n.number)}`}>
            {u('call', { number: n.number })}
          </a>
          <span class="number-label">{localized(n.label, locale)}</span>
          {details ? (
            <span class="hint">
              {[
                n.free ? u('free') : null,
                n.open24h ? u('open24h') : null,
                n.showsOnBill === true ? u('showsOnBill') : n.showsOnBill === false ? u('notOnBill') : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
