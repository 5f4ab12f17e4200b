/**
 * The service worker: the app shell is precached so the app opens with no network;
 * product images are cached as they are seen; the sync API is never cached (it is the
 * source of truth and its responses say no-store). A new version waits until the app
 * tells it to take over (the associate taps "Update" between customers).
 */
import { ExpirationPlugin } from 'workbox-expiration'
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { CacheFirst } from 'workbox-strategies'

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string, revision: string | null }> }

precacheAndRoute(self.__WB_MANIFEST)
cleanupOutdatedCaches()

// Every in-app URL opens the app shell, offline too; the API and server pages are not app routes.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), {
  denylist: [/^\/api\//, /^\/healthz/, /^\/mail/, /^\/products\//, /^\/book\//, /^\/a\//, /^\/u\//, /^\/r\//],
}))

registerRoute(
  ({ url, request }) => request.destination === 'image' && url.pathname.startsWith('/products/'),
  new CacheFirst({
    cacheName: 'product-images',
    plugins: [new ExpirationPlugin({ maxEntries: 2000, maxAgeSeconds: 30 * 24 * 3600 })],
  }),
)

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING')
    void self.skipWaiting()
})

// The first install takes control at once, so the very first load already works offline.
self.addEventListener('install', () => {
  if (!self.registration.active)
    void self.skipWaiting()
})
self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim())
})
