import type { LiveChannel } from '../../functions/domain/helpline.js';
import { contactHref } from './contact-links.js';
import type { PageContext } from './layout.js';

/**
 * "Talk to someone now": the helpline's own live channels from configuration, open ones first,
 * each with its hours and whether it is open now in the helpline's time zone
 * (functions/domain/helpline.ts). The one component for every place a journey could end: home,
 * urgent numbers, no search results, after a problem report, error and outage pages.
 */
export function HelplineChannels({ ctx, headingLevel = 2 }: { ctx: PageContext; headingLevel?: 2 | 3 }) {
  const { t } = ctx;
  const live = ctx.helplineNow();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section class="helpline-now" aria-labelledby="helpline-now-title" data-helpline-channels="">
      <Heading id="helpline-now-title">{t('helpline.title')}</Heading>
      <p>{live.anyOpen ? t('helpline.intro') : t('helpline.allClosed')}</p>
      <ul class="helpline-channels">
        {live.channels.map((c, i) => (
          <ChannelRow key={`${c.kind}-${i}`} ctx={ctx} channel={c} />
        ))}
      </ul>
      <p class="hint">{t('helpline.timeZone', { zone: live.timeZone.replace('_', ' ') })}</p>
      {live.demo ? <p class="hint">{t('helpline.demo')}</p> : null}
    </section>
  );
}

function ChannelRow({ ctx, channel }: { ctx: PageContext; channel: LiveChannel }) {
  const { t, locale } = ctx;
  const href = contactHref({ kind: channel.kind, value: channel.value });
  const label = t(`directory:contact.${channel.kind}`, { value: channel.value });
  const list = new Intl.ListFormat(locale, { style: 'short', type: 'conjunction' });
  const hours = channel.open24h
    ? t('directory:service.open24h')
    : channel.hours
        .map((h) =>
          t('helpline.period', {
            days: list.format(h.days.map((d) => t(`request:when.days.${d}`))),
            opens: h.opens,
            closes: h.closes,
          }),
        )
        .join('; ');
  return (
    <li data-open={channel.openNow === undefined ? 'unknown' : String(channel.openNow)}>
      {href ? (
        <a class="button secondary contact" href={href} rel="noreferrer">
          {label}
        </a>
      ) : (
        <span class="contact">{label}</span>
      )}{' '}
      {channel.openNow === true ? (
        <strong class="open-now">{t('directory:service.openNow')}</strong>
      ) : channel.openNow === false ? (
        <span class="closed-now">{t('directory:service.closedNow')}</span>
      ) : null}
      {hours ? <span class="hint"> · {hours}</span> : null}
    </li>
  );
}
