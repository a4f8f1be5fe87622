/**
 * New urgent requests on an open queue page, without a reload: asks the console's alerts address
 * (same origin, the page's own filters) every few seconds while the tab is visible, puts the count
 * of urgent requests waiting in the tab title, and says how many are new since the page was loaded
 * in a polite live region with a link that reloads the queue (filters kept in the address). An
 * optional sound, off unless the operator turns it on (kept in this browser's localStorage).
 * Nothing personal is shown or sent: the answer holds opaque request ids and a count.
 * Without JavaScript the page refreshes itself instead (a meta refresh inside <noscript>).
 */
(() => {
  const box = document.getElementById('urgent-alerts');
  if (!box || !window.fetch) return;
  const data = (name: string) => box.getAttribute(`data-${name}`) ?? '';
  const region = box.querySelector('.alert-region');
  const url = data('url');
  const seconds = Number(data('poll')) || 20;
  const known = new Set(data('known').split(' ').filter(Boolean));
  const baseTitle = data('title');
  const SOUND_KEY = 'waypoint-console-alert-sound';

  // The sound switch: shown only where it can work; off by default.
  const soundRow = box.querySelector('.alert-sound') as HTMLElement | null;
  const soundBox = document.getElementById('alert-sound') as HTMLInputElement | null;
  let audio: AudioContext | undefined;
  const AudioCtor =
    window.AudioContext ??
    (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  const soundOn = () => {
    try {
      return window.localStorage.getItem(SOUND_KEY) === '1';
    } catch {
      return false;
    }
  };
  if (soundRow && soundBox && AudioCtor) {
    soundRow.hidden = false;
    soundBox.checked = soundOn();
    soundBox.addEventListener('change', () => {
      try {
        if (soundBox.checked) window.localStorage.setItem(SOUND_KEY, '1');
        else window.localStorage.removeItem(SOUND_KEY);
      } catch {
        // Storage refused: the switch works for this page only.
      }
      // A browser starts sound only after a gesture: this change is one.
      if (soundBox.checked) audio = audio ?? new AudioCtor();
    });
  }
  const beep = () => {
    if (!AudioCtor || !(soundBox ? soundBox.checked : soundOn())) return;
    try {
      audio = audio ?? new AudioCtor();
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.15;
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + 0.25);
    } catch {
      // No sound available: the banner and the title still say it.
    }
  };

  let shownNew = 0;
  const show = (count: number, ids: string[]) => {
    document.title = count > 0 ? `(${count}) ${baseTitle}` : baseTitle;
    const fresh = ids.filter((id) => !known.has(id)).length;
    if (!region || fresh === shownNew) return;
    if (fresh > shownNew) beep();
    shownNew = fresh;
    region.textContent = '';
    if (fresh === 0) return;
    const p = document.createElement('p');
    p.className = 'note alert-banner';
    p.appendChild(document.createTextNode(`${data('text').replace('{n}', String(fresh))} `));
    const link = document.createElement('a');
    link.href = window.location.href;
    link.textContent = data('show');
    p.appendChild(link);
    region.appendChild(p);
  };

  let timer: number | undefined;
  const poll = async () => {
    timer = undefined;
    if (document.visibilityState !== 'visible') return;
    try {
      const res = await fetch(url + window.location.search, {
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
        redirect: 'manual',
      });
      // Signed out, or no longer allowed: stop asking; the next page load says why.
      if (!res.ok) return;
      const body = (await res.json()) as { urgent?: unknown; ids?: unknown };
      if (typeof body.urgent === 'number' && Array.isArray(body.ids))
        show(
          body.urgent,
          body.ids.filter((x): x is string => typeof x === 'string'),
        );
    } catch {
      // Offline for a moment: try again at the next turn.
    }
    schedule();
  };
  const schedule = () => {
    if (timer === undefined && document.visibilityState === 'visible')
      timer = window.setTimeout(poll, seconds * 1000);
  };
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'visible') return;
    // Back to the tab: ask at once.
    if (timer !== undefined) window.clearTimeout(timer);
    timer = undefined;
    void poll();
  });
  schedule();
})();
