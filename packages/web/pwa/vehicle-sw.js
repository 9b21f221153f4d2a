/* 移動市役所 — the vehicle tablet's service worker (hand-written; see pwa/vite-plugin.ts).
 *
 * - install: precaches the app shell (index.html) and every built asset of this release, so /vehicle
 *   opens and works with no network at all;
 * - navigations: the network first (a new release is picked up when online), the cached shell when
 *   offline;
 * - assets: from the cache (their names carry content hashes), else the network;
 * - /api: never touched, never cached — what the app keeps about residents lives only in IndexedDB,
 *   sealed, and leaves through the device outbox.
 * The outbox does not depend on this worker: it sends whenever the page is open and online.
 */
const PRECACHE = self.__VEHICLE_PRECACHE__;
const VERSION = self.__VEHICLE_VERSION__;
const CACHE = `madoguchi-vehicle-${VERSION}`;
const SHELL = '/index.html';

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll([SHELL, ...PRECACHE.map((f) => `/${f}`)]);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith('madoguchi-vehicle-') && key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith((async () => {
      try {
        return await fetch(request);
      } catch {
        return (await caches.match(SHELL, { cacheName: CACHE })) ?? Response.error();
      }
    })());
    return;
  }
  event.respondWith((async () => (await caches.match(request, { cacheName: CACHE })) ?? fetch(request))());
});
