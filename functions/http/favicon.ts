/** A plain, neutral mark (a dot in a circle): nothing about it hints at what the site is for. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="14" fill="#1d4e89"/><circle cx="16" cy="16" r="5" fill="#fff"/></svg>';
