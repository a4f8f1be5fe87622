/**
 * "Listen": reads the page's main text aloud with the phone's own speech synthesis (Web Speech
 * API). Nothing leaves the phone and nothing is downloaded: the voices are the phone's. The
 * control (web/components/listen-control.tsx) arrives hidden and is shown only when the phone has
 * a voice for the page's language (the primary subtag of <html lang>: "th" matches "th-TH").
 * Voices often load after the page, so `voiceschanged` is checked too.
 *
 * What is read: the text of `main` as shown, one utterance per block (heading, paragraph, label,
 * list item …): the chosen option of a select, no hidden or visually hidden text, nothing marked
 * `data-listen-skip`, nothing outside `main` (the quick exit, the footer). Reading stops when the
 * button is pressed again, when the page is hidden or left, and at the quick exit.
 */
(() => {
  const button = document.querySelector<HTMLButtonElement>('button[data-listen]');
  const synth = window.speechSynthesis;
  if (!button || !synth || typeof SpeechSynthesisUtterance === 'undefined') return;
  const control = button;
  const speech = synth;
  const wrapper = (control.closest('[data-listen-skip]') as HTMLElement | null) || control;
  const label = control.querySelector('[data-listen-label]') || control;
  const root = control.closest('main') || document.querySelector('main');
  const lang = document.documentElement.lang || 'en';
  const primary = (tag: string) => tag.split(/[-_]/)[0]?.toLowerCase() ?? '';
  // Counts readings, so the end of a cancelled one does not reset a newer one.
  let reading = 0;

  function voiceFor(): SpeechSynthesisVoice | undefined {
    const voices = speech.getVoices() || [];
    const wanted = lang.toLowerCase().replace('_', '-');
    const same = voices.filter((v) => v.lang && primary(v.lang) === primary(wanted));
    return (
      same.find((v) => v.lang.toLowerCase().replace('_', '-') === wanted) ||
      same.find((v) => v.localService) ||
      same[0]
    );
  }

  function update(): void {
    const voice = voiceFor();
    wrapper.hidden = !voice;
    if (!voice) stop();
  }

  function setPressed(pressed: boolean): void {
    control.setAttribute('aria-pressed', String(pressed));
    label.textContent = control.getAttribute(pressed ? 'data-stop' : 'data-start') || '';
  }

  function skipped(el: HTMLElement): boolean {
    if (el.hidden || el.hasAttribute('data-listen-skip') || el.getAttribute('aria-hidden') === 'true')
      return true;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') return true;
    // Visually hidden (1 px, clipped) or moved off screen: not on the page as people see it.
    const box = el.getBoundingClientRect();
    return (
      style.position === 'absolute' && (box.width <= 1 || box.height <= 1 || box.right + window.scrollX <= 0)
    );
  }

  /** The text to read, one string per block, as shown on the page. */
  function texts(): string[] {
    const chunks: string[] = [];
    let current = '';
    const flush = () => {
      const text = current.replace(/\s+/g, ' ').trim();
      if (text) chunks.push(text);
      current = '';
    };
    const visit = (node: Node): void => {
      if (node.nodeType === 3) {
        current += node.nodeValue || '';
        return;
      }
      if (node.nodeType !== 1) return;
      const el = node as HTMLElement;
      const tag = el.tagName.toLowerCase();
      if (tag === 'script' || tag === 'style' || tag === 'svg' || tag === 'input' || tag === 'textarea')
        return;
      if (skipped(el)) return;
      if (tag === 'select') {
        const chosen = (el as HTMLSelectElement).selectedOptions[0];
        if (chosen) current += ` ${chosen.text} `;
        return;
      }
      const block = getComputedStyle(el).display !== 'inline';
      if (block) flush();
      for (let child = el.firstChild; child; child = child.nextSibling) visit(child);
      if (block) flush();
      else current += ' ';
    };
    if (root) visit(root);
    flush();
    return chunks;
  }

  function stop(): void {
    reading++;
    speech.cancel();
    setPressed(false);
  }

  function start(): void {
    speech.cancel();
    const voice = voiceFor();
    const chunks = texts();
    if (!voice || chunks.length === 0) return;
    const mine = ++reading;
    setPressed(true);
    chunks.forEach((text, i) => {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = voice.lang || lang;
      utterance.voice = voice;
      if (i === chunks.length - 1) {
        utterance.onend = () => {
          if (mine === reading) setPressed(false);
        };
      }
      utterance.onerror = () => {
        if (mine === reading) stop();
      };
      speech.speak(utterance);
    });
  }

  control.addEventListener('click', () => {
    if (control.getAttribute('aria-pressed') === 'true') stop();
    else start();
  });

  // Leaving, hiding the page or the quick exit: silence at once.
  window.addEventListener('pagehide', stop);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') stop();
  });
  document.addEventListener(
    'click',
    (event) => {
      const target = event.target as Element | null;
      if (target?.closest?.('[data-quick-exit]')) stop();
    },
    true,
  );
  document.addEventListener('keyup', (event) => {
    if (event.key === 'Shift' && document.documentElement.className.indexOf('leaving') >= 0) stop();
  });

  update();
  if (typeof speech.addEventListener === 'function') speech.addEventListener('voiceschanged', update);
  else speech.onvoiceschanged = update;
})();
