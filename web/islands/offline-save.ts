import { isSaveable, isStorableResponse, OFFLINE_CACHE, pagesToSave } from './offline-policy.js';

/**
 * "Save for offline on this phone" and "Remove what this site saved" on the safety page.
 * Nothing happens until the person presses save: only then is the service worker registered and
 * are the general pages copied to the phone. Removal unregisters every worker of this site and
 * deletes its caches, then sends the plain form so the server's Clear-Site-Data also applies.
 */
(() => {
  const box = document.querySelector<HTMLElement>('[data-offline]');
  if (!box) return;
  const status = box.querySelector<HTMLElement>('[data-offline-status]');
  const save = box.querySelector<HTMLButtonElement>('button[data-offline-save]');
  const removeForm = box.querySelector<HTMLFormElement>('form[data-offline-remove]');
  const noScript = box.querySelector<HTMLElement>('[data-offline-nojs]');
  const locale = box.getAttribute('data-locale') || 'en';
  const say = (key: string): void => {
    if (status) status.textContent = box.getAttribute(`data-status-${key}`) || '';
  };

  async function removeAll(): Promise<void> {
    if ('serviceWorker' in navigator) {
      const registrations = await navigator.serviceWorker.getRegistrations();
      await Promise.all(registrations.map((r) => r.unregister()));
    }
    if ('caches' in window) {
      const keys = await caches.keys();
      await Promise.all(keys.map((k) => caches.delete(k)));
    }
  }

  if (removeForm) {
    removeForm.addEventListener('submit', (event) => {
      event.preventDefault();
      say('removing');
      const submit = () => removeForm.submit();
      removeAll().then(submit, submit);
    });
  }

  if (!save || !('serviceWorker' in navigator) || !('caches' in window)) return;
  if (noScript) noScript.hidden = true;
  save.hidden = false;
  navigator.serviceWorker.getRegistration('/').then(
    (registration) => say(registration ? 'on' : 'off'),
    () => say('off'),
  );

  async function saveNow(): Promise<void> {
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    const cache = await caches.open(OFFLINE_CACHE);
    const origin = window.location.origin;
    const scripts = Array.prototype.map.call(document.scripts, (s: HTMLScriptElement) => s.src) as string[];
    const urls = [...pagesToSave(locale), window.location.pathname + window.location.search, ...scripts]
      .map((u) => new URL(u, origin))
      .filter((u) => isSaveable(u, origin));
    const unique = [...new Set(urls.map((u) => u.href))];
    await Promise.all(
      unique.map((href) =>
        fetch(href, { credentials: 'omit' }).then((response) => {
          if (isStorableResponse(response)) return cache.put(href, response);
          return undefined;
        }),
      ),
    );
  }

  save.addEventListener('click', () => {
    save.disabled = true;
    say('saving');
    saveNow().then(
      () => {
        say('saved');
        save.disabled = false;
      },
      () => {
        // Half-saved is worse than nothing: undo everything.
        removeAll().then(
          () => say('failed'),
          () => say('failed'),
        );
        save.disabled = false;
      },
    );
  });
})();
