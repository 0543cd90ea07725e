/*
 * Hài Lòng — the counter tablet's service worker (docs/decisions/027-kiosk-offline.md).
 *
 * It keeps the kiosk page (/kiosk) and every script and stylesheet the page
 * names, as one set per build (`?v=` is the build's version: a new build is a
 * new worker, which fetches a new set, then drops the old one). The page is
 * asked of the network first (4 s), then taken from the set; the fingerprinted
 * assets come from the set. Answers and the questionnaire are the page's own
 * business (IndexedDB): the API is never cached here, so a reply the tablet
 * acts on always comes from the server.
 */
const VERSION = new URL(self.location.href).searchParams.get("v") || "dev";
const PREFIX = "hai-long-kiosk-";
const CACHE = PREFIX + VERSION;
const SHELL = "/kiosk";
const EXTRAS = ["/kiosk.webmanifest", "/favicon.svg"];
const SHELL_TIMEOUT_MS = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const reply = await fetch(SHELL, { cache: "no-store", credentials: "same-origin" });
      if (!reply.ok) throw new Error("kiosk shell: HTTP " + reply.status);
      const html = await reply.clone().text();
      const urls = new Set(EXTRAS);
      // Every /assets/ file the page names: its modulepreloads, the manifest import, its stylesheets.
      for (const match of html.matchAll(/["'(](\/assets\/[^"'()\s]+?\.(?:js|css|woff2?|svg|png))["')]/g)) urls.add(match[1]);
      const cache = await caches.open(CACHE);
      await cache.addAll([...urls]);
      await cache.put(SHELL, reply);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === SHELL && request.mode === "navigate") event.respondWith(shell(request));
  else if (url.pathname.startsWith("/assets/") || EXTRAS.includes(url.pathname)) event.respondWith(asset(request));
  // Anything else (the API above all) goes to the network as if there were no worker.
});

async function shell(request) {
  const cache = await caches.open(CACHE);
  try {
    const reply = await withTimeout(fetch(request), SHELL_TIMEOUT_MS);
    if (reply.ok) return reply;
    return (await cache.match(SHELL)) || reply;
  } catch {
    return (await cache.match(SHELL)) || Response.error();
  }
}

async function asset(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request, { ignoreSearch: true });
  if (kept) return kept;
  const reply = await fetch(request);
  if (reply.ok && new URL(request.url).pathname.startsWith("/assets/")) await cache.put(request, reply.clone());
  return reply;
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}
