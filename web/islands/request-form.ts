/**
 * Keeps a callback request safe on a flaky connection. Without JavaScript the form posts as usual.
 * With it, the last step is sent with fetch: when the phone is offline or the send fails, the
 * answers stay on this page (in memory only, never in storage) and are sent again when the
 * connection returns. The same idempotency key goes with every try, so a request is never stored twice.
 */
(() => {
  // The phone keypad for a phone number, the full keyboard for a user name or an e-mail address.
  for (const handle of document.querySelectorAll<HTMLInputElement>('input[data-phone-channels]')) {
    const phones = (handle.getAttribute('data-phone-channels') || '').split(' ');
    handle.form?.addEventListener('change', (event) => {
      const target = event.target as HTMLInputElement;
      if (target.name !== 'channel' || !target.checked) return;
      handle.setAttribute('inputmode', phones.indexOf(target.value) >= 0 ? 'tel' : 'text');
    });
  }

  const form = document.querySelector<HTMLFormElement>('form[data-request-form]');
  const status = document.getElementById('send-status');
  if (!form || !status || !window.fetch || !window.FormData) return;
  let pending: URLSearchParams | undefined;
  let retryTimer: number | undefined;

  function say(key: 'data-offline' | 'data-sending' | 'data-failed'): void {
    if (status) status.textContent = status.getAttribute(key) || '';
  }

  function send(): void {
    if (!pending || !form) return;
    if (navigator.onLine === false) {
      say('data-offline');
      return;
    }
    say('data-sending');
    const body = pending;
    // getAttribute, not form.action: the buttons are named "action" and would shadow it.
    fetch(form.getAttribute('action') || location.pathname, {
      method: 'POST',
      body,
      credentials: 'omit',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
      .then((res) => res.text())
      .then((html) => {
        pending = undefined;
        // Show the server's answer (confirmation, or the form with messages) as a normal page.
        document.open();
        document.write(html);
        document.close();
      })
      .catch(() => {
        say(navigator.onLine === false ? 'data-offline' : 'data-failed');
        if (retryTimer === undefined) {
          retryTimer = window.setTimeout(() => {
            retryTimer = undefined;
            send();
          }, 5000);
        }
      });
  }

  form.addEventListener('submit', (event: SubmitEvent) => {
    const submitter = event.submitter as HTMLButtonElement | null;
    // Only the final "send" goes through fetch; moving between steps is a normal page load.
    if (submitter?.value !== 'send') return;
    event.preventDefault();
    const data = new URLSearchParams();
    new FormData(form).forEach((value, key) => {
      if (typeof value === 'string') data.append(key, value);
    });
    data.append('action', 'send');
    pending = data;
    send();
  });

  window.addEventListener('online', send);
})();
