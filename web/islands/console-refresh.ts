/**
 * Keeps the operator's queue fresh: reloads it every N seconds, but never while the operator is
 * typing in a form or has the tab in the background.
 */
(() => {
  const marker = document.querySelector('[data-auto-refresh]');
  if (!marker) return;
  const seconds = Number(marker.getAttribute('data-auto-refresh')) || 60;
  window.setInterval(() => {
    const active = document.activeElement;
    const busy =
      active && (active.tagName === 'INPUT' || active.tagName === 'SELECT' || active.tagName === 'TEXTAREA');
    if (!busy && document.visibilityState === 'visible') window.location.reload();
  }, seconds * 1000);
})();
