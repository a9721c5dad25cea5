// Critical Friend service worker: makes the app shell work offline.
//
// scripts/post-build.mjs replaces the manifest below with every file of the build and a version
// derived from their contents, so each build gets its own cache and a byte-different sw.js (which
// is how the browser notices an update). A new worker waits until the page posts
// {type: "SKIP_WAITING"}: the page decides when to reload, never under someone's edit.
// User data lives in IndexedDB, not here; caches hold only the app's own files.

const MANIFEST = /* PRECACHE_MANIFEST */ { version: "unbuilt", files: [] } /* END_PRECACHE_MANIFEST */;

const PREFIX = "critical-friend-";
const CACHE = PREFIX + MANIFEST.version;
const SHELL = new URL("index.html", self.registration.scope).href;
const PRECACHED = new Set(MANIFEST.files.map((path) => new URL(path, self.registration.scope).href));

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // "reload" bypasses the HTTP cache so a stale copy can never be pinned under a new version.
      cache.addAll([...PRECACHED].map((url) => new Request(url, { cache: "reload" }))),
    ),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name)),
      );
      // Take control of pages opened before the first install, so they work offline too.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") {
    self.skipWaiting();
  }
});

// True for in-app routes (e.g. /reviews/abc/setup), false for files such as /sw.js or /x.wasm.
function isAppRoute(url) {
  const last = url.pathname.split("/").pop();
  return !last.includes(".") || last === "index.html";
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  // Never touch cross-origin traffic (the app makes none; this keeps it that way for caches).
  if (url.origin !== self.location.origin) return;

  if (request.mode === "navigate" && isAppRoute(url)) {
    // The app shell matches the cached assets of this version; updates arrive via the banner.
    event.respondWith(fromCacheOrNetwork(SHELL, request));
    return;
  }
  url.search = "";
  url.hash = "";
  if (PRECACHED.has(url.href)) {
    event.respondWith(fromCacheOrNetwork(url.href, request));
  }
  // Anything else goes to the network as if there were no service worker.
});

async function fromCacheOrNetwork(key, request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key);
  if (hit) return hit;
  const response = await fetch(request);
  // Heal a cache that lost an entry, but only with a good same-origin copy of a listed file.
  if (response.ok && response.type === "basic" && PRECACHED.has(key)) {
    await cache.put(key, response.clone());
  }
  return response;
}
