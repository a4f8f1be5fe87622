/**
 * "Sort by distance from me": only with JavaScript and only if the person allows location.
 * The position is used here, in the browser, and never sent anywhere: no request is made.
 */
(() => {
  const holder = document.getElementById('near-me');
  const list = document.getElementById('results');
  if (!holder || !list || !('geolocation' in navigator)) return;
  // Worth offering only when there is something to sort and at least one listing has a position.
  if (list.children.length < 2 || !list.querySelector('li[data-lat]')) return;

  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button secondary';
  button.textContent = holder.getAttribute('data-label') || '';
  const hint = document.createElement('p');
  hint.className = 'hint';
  hint.textContent = holder.getAttribute('data-hint') || '';
  const status = document.createElement('p');
  status.setAttribute('role', 'status');
  holder.appendChild(button);
  holder.appendChild(hint);
  holder.appendChild(status);
  holder.hidden = false;

  function km(lat1: number, lng1: number, lat2: number, lng2: number): number {
    const r = Math.PI / 180;
    const a =
      Math.sin(((lat2 - lat1) * r) / 2) ** 2 +
      Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lng2 - lng1) * r) / 2) ** 2;
    return 12742 * Math.asin(Math.sqrt(a));
  }

  button.addEventListener('click', () => {
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const latitude = pos.coords.latitude;
        const longitude = pos.coords.longitude;
        const all = Array.prototype.slice.call(list.children) as HTMLElement[];
        const withDistance = all.map((li) => {
          const lat = Number.parseFloat(li.getAttribute('data-lat') || '');
          const lng = Number.parseFloat(li.getAttribute('data-lng') || '');
          const d =
            Number.isFinite(lat) && Number.isFinite(lng)
              ? km(latitude, longitude, lat, lng)
              : Number.POSITIVE_INFINITY;
          return { li, d };
        });
        withDistance.sort((a, b) => a.d - b.d);
        const template = holder.getAttribute('data-distance') || '{km}';
        for (const entry of withDistance) {
          const li = entry.li;
          const d = entry.d;
          let tag = li.querySelector('.distance');
          if (Number.isFinite(d)) {
            if (!tag) {
              tag = document.createElement('p');
              tag.className = 'distance hint';
              li.appendChild(tag);
            }
            tag.textContent = template.replace('{km}', String(Math.round(d)));
          }
          list.appendChild(li);
        }
        status.textContent = holder.getAttribute('data-sorted') || '';
      },
      () => {
        status.textContent = holder.getAttribute('data-failed') || '';
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 },
    );
  });
})();
