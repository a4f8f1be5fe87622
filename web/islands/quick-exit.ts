/**
 * Quick exit, enhanced (modelled on GOV.UK Frontend's "Exit this page"). Without JavaScript the
 * "Leave this page" link still works (rel="noreferrer"). With it:
 * - pressing Shift three times within 5 seconds also leaves (Esc is not used: people press it by
 *   habit); any other key in between starts the count again;
 * - each press is announced to screen readers and shown on the button; when the time runs out
 *   the count is reset and that is announced too;
 * - on leaving, the page is hidden at once and location.replace() is used, so the Back button
 *   does not return to this page.
 */
(() => {
  const link = document.querySelector<HTMLAnchorElement>('a[data-quick-exit]');
  if (!link) return;
  const exitLink = link;
  const status = document.getElementById('quick-exit-status');
  const target = exitLink.href;
  const WINDOW_MS = 5000;
  let presses = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let leaving = false;

  function announce(attribute: string): void {
    if (status) status.textContent = exitLink.getAttribute(attribute) || '';
  }

  function setCount(count: number): void {
    presses = count;
    if (count > 0) exitLink.setAttribute('data-count', String(count));
    else exitLink.removeAttribute('data-count');
  }

  function reset(announceIt: boolean): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (presses > 0 && announceIt) announce('data-timed-out');
    setCount(0);
  }

  function leave(event?: Event): void {
    if (event) event.preventDefault();
    if (leaving) return;
    leaving = true;
    announce('data-leaving');
    // Hide everything at once, before the next page starts to load.
    document.documentElement.className += ' leaving';
    document.title = '';
    try {
      window.location.replace(target);
    } catch (_) {
      window.location.href = target;
    }
  }

  exitLink.addEventListener('click', leave);

  // Another key (typing a capital letter, a shortcut) starts the count again.
  document.addEventListener('keydown', (event: KeyboardEvent) => {
    if (event.key !== 'Shift') reset(false);
  });

  document.addEventListener('keyup', (event: KeyboardEvent) => {
    if (event.key !== 'Shift' || leaving) return;
    if (timer === undefined) timer = setTimeout(() => reset(true), WINDOW_MS);
    setCount(presses + 1);
    if (presses >= 3) {
      reset(false);
      leave();
      return;
    }
    announce(presses === 1 ? 'data-pressed-once' : 'data-pressed-twice');
  });

  // A page restored from the back/forward cache must not stay blank or keep an old count.
  window.addEventListener('pageshow', (event: PageTransitionEvent) => {
    if (!event.persisted) return;
    leaving = false;
    document.documentElement.className = document.documentElement.className.replace(/\s*leaving\b/g, '');
    reset(false);
  });
})();
