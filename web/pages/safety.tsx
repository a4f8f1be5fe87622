import type { ComponentChildren } from 'preact';
import { Layout, type PageContext } from '../components/layout.js';

/**
 * A titled section of the information pages: short paragraphs, then an optional list, then any
 * extra content. Headings come from the locale files and stay neutral (P2).
 */
export function InfoSection({
  id,
  title,
  paragraphs = [],
  list = [],
  after = [],
  children,
}: {
  id: string;
  title: string;
  paragraphs?: string[];
  list?: string[];
  after?: string[];
  children?: ComponentChildren;
}) {
  return (
    <section class="info-section" id={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {paragraphs.map((text) => (
        <p key={text}>{text}</p>
      ))}
      {list.length ? (
        <ul class="info-list">
          {list.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      ) : null}
      {after.map((text) => (
        <p key={text}>{text}</p>
      ))}
      {children}
    </section>
  );
}

/**
 * "Staying safe online": the quick exit, private windows, history, shared phones, what calls and
 * messages leave behind, a safer device, and the opt-in "save for offline on this phone" with its
 * one-tap removal (product doc D; NNEDV Safety Net practice). Complete without JavaScript.
 */
export function SafetyPage({ ctx }: { ctx: PageContext }) {
  const { t, locale } = ctx;
  const s = (key: string) => t(`info:safety.${key}`);
  return (
    <Layout ctx={ctx} title={s('title')} listen>
      <h1>{s('title')}</h1>
      <p class="lead">{s('intro')}</p>
      <InfoSection
        id="leave"
        title={s('exit.title')}
        paragraphs={[s('exit.button'), s('exit.keyboard'), s('exit.back')]}
      />
      <InfoSection
        id="private"
        title={s('private.title')}
        paragraphs={[s('private.what')]}
        list={[s('private.chrome'), s('private.samsung'), s('private.safari')]}
        after={[s('private.close')]}
      >
        <p class="note warn">{s('private.limits')}</p>
      </InfoSection>
      <InfoSection
        id="history"
        title={s('history.title')}
        list={[s('history.chrome'), s('history.samsung'), s('history.safari')]}
        after={[s('history.single'), s('history.suggestions')]}
      />
      <InfoSection
        id="shared"
        title={s('shared.title')}
        list={[s('shared.notifications'), s('shared.accounts'), s('shared.tabs'), s('shared.files')]}
      />
      <InfoSection
        id="calls"
        title={s('calls.title')}
        list={[s('calls.log'), s('calls.bill'), s('calls.messages')]}
      >
        <p>
          <a href={`/${locale}/urgent`}>{t('nav.urgent')}</a>
        </p>
        <p>{s('calls.callback')}</p>
        <p>
          <a href={`/${locale}/help/request`}>{t('nav.askForContact')}</a>
        </p>
      </InfoSection>
      <InfoSection
        id="device"
        title={s('device.title')}
        paragraphs={[s('device.other'), s('device.tracking')]}
      />
      <InfoSection id="site" title={s('site.title')} paragraphs={[s('site.noTracking'), s('site.noSave')]} />
      <OfflineBox ctx={ctx} />
    </Layout>
  );
}

/**
 * "Save for offline on this phone". Nothing is registered or stored until the person presses the
 * save button (the offline-save island shows it only where service workers work). The removal is
 * a plain POST form, so it works without JavaScript: the server answers with Clear-Site-Data,
 * and with JavaScript the island also unregisters and empties the caches first.
 */
function OfflineBox({ ctx }: { ctx: PageContext }) {
  const { t, locale } = ctx;
  const o = (key: string) => t(`info:offline.${key}`);
  return (
    <section
      class="info-section offline"
      id="offline"
      aria-labelledby="offline-title"
      data-offline=""
      data-locale={locale}
      data-status-on={o('statusOn')}
      data-status-off={o('statusOff')}
      data-status-saving={o('statusSaving')}
      data-status-saved={o('statusSaved')}
      data-status-failed={o('statusFailed')}
      data-status-removing={o('statusRemoving')}
    >
      <h2 id="offline-title">{o('title')}</h2>
      <p>{o('explain')}</p>
      <p>{o('never')}</p>
      <p class="note warn">{o('warning')}</p>
      <p class="hint" data-offline-nojs="">
        {o('noScript')}
      </p>
      <p class="offline-status" role="status" data-offline-status="" />
      <div class="actions">
        <button type="button" class="button" data-offline-save="" hidden>
          {o('save')}
        </button>
        <form method="post" action={`/${locale}/safety/remove-saved`} data-offline-remove="">
          <button type="submit" class="button secondary">
            {o('remove')}
          </button>
        </form>
      </div>
    </section>
  );
}

/** Shown after "Remove what this site saved" (the response carries Clear-Site-Data). */
export function RemovedPage({ ctx }: { ctx: PageContext }) {
  const { t, locale } = ctx;
  const o = (key: string) => t(`info:offline.${key}`);
  return (
    <Layout ctx={ctx} title={o('removedTitle')}>
      <h1>{o('removedTitle')}</h1>
      <p role="status">{o('removed')}</p>
      <p>
        {o('removedHistory')} <a href={`/${locale}/safety#history`}>{t('info:safety.history.title')}</a>
      </p>
      <p>
        <a href={`/${locale}/safety`}>{o('back')}</a>
      </p>
    </Layout>
  );
}
