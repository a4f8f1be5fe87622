/**
 * Quick exit, enhanced. Without JavaScript the "Leave this page" link still works.
 * With it: pressing Shift three times within a few seconds also leaves; the page is blanked at
 * once and location.replace() is used so the Back button does not return here.
 */
(() => {
  const link = document.querySelector<HTMLAnchorElement>('a[data-quick-exit]');
  if (!link) return;
  const status = document.getElementById('quick-exit-status');
  const target = link.href;
  const WINDOW_MS = 5000;
  let presses: number[] = [];

  function leave(event?: Event): void {
    if (event) event.preventDefault();
    document.body.className += ' leaving';
    document.title = '';
    try {
      window.location.replace(target);
    } catch (_) {
      window.location.href = target;
    }
  }

  link.addEventListener('click', leave);

  document.addEventListener('keyup', (event: KeyboardEvent) => {
    if (event.key !== 'Shift') {
      presses = [];
      return;
    }
    const now = Date.now();
    presses = presses.filter((t) => now - t < WINDOW_MS);
    presses.push(now);
    if (presses.length >= 3) {
      if (status) status.textContent = link.getAttribute('data-leaving') || '';
      leave();
      return;
    }
    if (status) {
      const key = presses.length === 1 ? 'data-pressed-once' : 'data-pressed-twice';
      status.textContent = link.getAttribute(key) || '';
    }
  });
})();
