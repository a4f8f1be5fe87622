import { isSaveable, isStorableResponse, OFFLINE_CACHE, OFFLINE_CACHE_PREFIX } from './offline-policy.js';

/**
 * The service worker behind "save for offline on this phone", served at /sw.js and registered only
 * after the person opts in. Network first: a fresh page is shown whenever there is a connection,
 * and the copy on the phone only when there is none. Requests outside offline-policy.ts (forms,
 * /help/*, the card, searches, APIs) are not touched at all: they go to the network as usual.
 */

interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  location: Location;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
}

const scope = self as unknown as WorkerScope;
const origin = scope.location.origin;

scope.addEventListener('install', (event) => {
  event.waitUntil(scope.skipWaiting());
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((k) => k.startsWith(OFFLINE_CACHE_PREFIX) && k !== OFFLINE_CACHE)
            .map((k) => caches.delete(k)),
        ),
      )
      .then(() => scope.clients.claim()),
  );
});

scope.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (!isSaveable(url, origin)) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (isStorableResponse(response)) {
          const copy = response.clone();
          event.waitUntil(caches.open(OFFLINE_CACHE).then((cache) => cache.put(url.href, copy)));
        }
        return response;
      })
      .catch(() =>
        caches
          .open(OFFLINE_CACHE)
          .then((cache) => cache.match(url.href))
          .then((cached) => cached ?? Response.error()),
      ),
  );
});
