/* global self, caches */
/* Accompany service worker: caches the app shell so the app starts offline.
 * It NEVER caches /api (or health checks): patient data must not sit in a cache.
 * Navigations are network-first (fresh HTML when online), hashed /assets/ are cache-first. */
const CACHE = 'accompany-shell-v1';
const SHELL = ['/', '/manifest.webmanifest', '/favicon.svg', '/icon-192.png', '/icon-512.png'];
const NEVER = ['/api/', '/api', '/healthz', '/readyz'];

function isNeverCached(url) {
  return NEVER.some((p) => url.pathname === p || url.pathname.startsWith(p.endsWith('/') ? p : `${p}/`));
}

/** The hashed script and style files an index.html points at. */
function assetsIn(html) {
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
}

/**
 * Store a fresh index.html plus its assets. When the entry assets changed (a new deploy), drop
 * the old build's files; lazily loaded chunks of the current build stay cached.
 */
async function cacheShell(cache, response) {
  const html = await response.clone().text();
  const assets = assetsIn(html);
  const previous = await cache.match('/');
  const before = previous ? assetsIn(await previous.text()) : [];
  await cache.put('/', response.clone());
  await Promise.all(
    assets.map(async (url) => {
      if (!(await cache.match(url))) await cache.add(url);
    }),
  );
  if (before.join() === assets.join()) return;
  const keep = new Set(assets.map((a) => new URL(a, self.location.origin).href));
  for (const req of await cache.keys()) {
    if (new URL(req.url).pathname.startsWith('/assets/') && !keep.has(req.url)) await cache.delete(req);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(SHELL.filter((p) => p !== '/'));
      const index = await fetch('/', { cache: 'no-store' });
      if (index.ok) await cacheShell(cache, index);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || isNeverCached(url)) return; // straight to the network, never stored

  if (request.mode === 'navigate') {
    event.respondWith(
      (async () => {
        try {
          const response = await fetch(request);
          if (response.ok && (response.headers.get('content-type') || '').includes('text/html')) {
            const cache = await caches.open(CACHE);
            event.waitUntil(cacheShell(cache, response.clone()).catch(() => undefined));
          }
          return response;
        } catch {
          // Offline: every route is the same single-page app.
          const cached = await caches.match('/');
          return cached || Response.error();
        }
      })(),
    );
    return;
  }

  if (url.pathname.startsWith('/assets/') || SHELL.includes(url.pathname)) {
    event.respondWith(
      (async () => {
        const cached = await caches.match(request);
        if (cached) return cached;
        const response = await fetch(request);
        if (response.ok && url.pathname.startsWith('/assets/')) {
          const cache = await caches.open(CACHE);
          await cache.put(request, response.clone());
        }
        return response;
      })(),
    );
  }
});
