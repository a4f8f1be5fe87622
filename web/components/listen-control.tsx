import { Pictogram } from './icon.js';
import type { PageContext } from './layout.js';

/**
 * "Listen": reads the page's main text aloud with the phone's own speech synthesis (the island
 * web/islands/listen.ts). Rendered hidden: the island shows it only when the phone has a voice
 * for the page's language, so there is never a button that does nothing (no JavaScript, no voice).
 * The island reads the text of `main` as shown; anything marked `data-listen-skip` (this control
 * included) is left out.
 */
export function ListenControl({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <p class="listen" data-listen-skip="" hidden>
      <button
        type="button"
        class="button secondary listen-button"
        aria-pressed="false"
        data-listen=""
        data-start={t('listen.start')}
        data-stop={t('listen.stop')}
      >
        <Pictogram name="speaker" />
        <span data-listen-label="">{t('listen.start')}</span>
      </button>
    </p>
  );
}
