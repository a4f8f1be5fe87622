import type { ComponentChildren } from 'preact';
import { HelplineChannels } from '../components/helpline-channels.js';
import { Pictogram } from '../components/icon.js';
import { Layout, type PageContext } from '../components/layout.js';

export function HomePage({ ctx }: { ctx: PageContext }) {
  const { t, locale } = ctx;
  return (
    <Layout ctx={ctx} listen>
      <h1>{t('home.title')}</h1>
      <p class="lead">{t('home.intro')}</p>
      <p class="note">{t('home.noConditions')}</p>
      <ul class="cards">
        <li>
          <a class="card" href={`/${locale}/services`}>
            <strong class="with-icon">
              <Pictogram name="search" size={28} />
              {t('home.findServices')}
            </strong>
            {t('home.findServicesHint')}
          </a>
        </li>
        <li>
          <a class="card" href={`/${locale}/help/request`}>
            <strong class="with-icon">
              <Pictogram name="phone" size={28} />
              {t('home.askForContact')}
            </strong>
            {t('home.askForContactHint')}
          </a>
        </li>
        <li>
          <a class="card" href={`/${locale}/urgent`}>
            <strong class="with-icon">
              <Pictogram name="alert" size={28} />
              {t('home.urgent')}
            </strong>
            {t('home.urgentHint')}
          </a>
        </li>
      </ul>
      <HelplineChannels ctx={ctx} />
      <p>{t('home.anonymous')}</p>
      <h2>{t('home.quickExitTitle')}</h2>
      <p>{t('home.quickExitExplain')}</p>
      <p>
        <a href={`/${locale}/safety`}>{t('footer.safety')}</a>
      </p>
    </Layout>
  );
}

/**
 * A page that says one thing (done, an error, an outage). Such a page can end a journey, so it
 * always offers the helpline's live channels.
 */
export function MessagePage({
  ctx,
  title,
  message,
  children,
}: {
  ctx: PageContext;
  title: string;
  message: string;
  children?: ComponentChildren;
}) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{message}</p>
      {children ? <p>{children}</p> : null}
      <HelplineChannels ctx={ctx} />
      <p>
        <a href={`/${ctx.locale}/`}>{ctx.t('errors.goHome')}</a>
      </p>
    </Layout>
  );
}
