/**
 * Line icons: one 24 × 24 stroked path drawn in the text's colour (currentColor through `.icon`),
 * inline so nothing is downloaded, hidden from assistive technology because the words beside it
 * always say the same thing. The one way to draw an icon: service areas (area-icon.tsx) and the
 * pictograms below both go through LineIcon.
 */
export function LineIcon({ d, size = 24 }: { d: string; size?: number }) {
  return (
    <svg class="icon" viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" focusable="false">
      <path
        d={d}
        fill="none"
        stroke="currentColor"
        stroke-width="2"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
    </svg>
  );
}

/**
 * Simple, culturally neutral pictograms for people who read little or read another script: shown
 * beside the words of the home page's actions, the danger question, the contact channels and the
 * safe times. Never alone: the words carry the meaning.
 */
export const PICTOGRAMS = {
  /** Find services: a magnifier. */
  search: 'M10.5 4a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zM15.5 15.5L20 20',
  /** A phone call (and "ask us to contact you"): a handset. */
  phone: 'M5 3h4l2 5-3 2a11 11 0 0 0 6 6l2-3 5 2v4a2 2 0 0 1-2 2A17 17 0 0 1 3 5a2 2 0 0 1 2-2z',
  /** Danger, urgent help: an exclamation mark in a triangle. */
  alert: 'M12 3L2 20h20zM12 9v5M12 17v.01',
  /** Text and chat channels: a speech bubble. */
  message: 'M4 5h16v11H10l-5 4v-4H4z',
  /** E-mail: an envelope. */
  email: 'M3 6h18v12H3zM3 6l9 7 9-7',
  /** Meeting in person: a person. */
  person: 'M12 4a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM5 20a7 7 0 0 1 14 0',
  /** Safe times: a clock. */
  clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 2',
  /** The home page (the site's name in the header, when text is very large): a house. */
  home: 'M3 11l9-7 9 7M6 9.5V20h12V9.5',
  /** Listen (read aloud): a loudspeaker. */
  speaker: 'M4 9h4l5-4v14l-5-4H4zM16.5 9a4 4 0 0 1 0 6M19 6.5a8 8 0 0 1 0 11',
} as const;
export type PictogramName = keyof typeof PICTOGRAMS;

export function Pictogram({ name, size }: { name: PictogramName; size?: number }) {
  return <LineIcon d={PICTOGRAMS[name]} size={size} />;
}
