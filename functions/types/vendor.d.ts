// Types for the two small libraries used by directory search (they ship without declarations).

declare module 'opencc-js/dict/TSCharacters' {
  /** OpenCC's traditional → simplified character table: "繁 简|…", alternatives separated by spaces. */
  const table: string;
  export default table;
}

declare module 'myanmar-tools' {
  export class ZawgyiDetector {
    /** Probability (0–1) that the text is Zawgyi rather than Unicode. */
    getZawgyiProbability(text: string): number;
  }
  export class ZawgyiConverter {
    zawgyiToUnicode(text: string): string;
    unicodeToZawgyi(text: string): string;
  }
}
