/**
 * Serves the built tablet app from the same origin and port as the API, so a tablet needs
 * one address. Hashed assets are cached for good; the HTML shell and the service worker are
 * revalidated on every load so a new version is found as soon as it is deployed. Any other
 * GET that accepts HTML gets the app shell (client-side routes such as /customers/…).
 */
import type { FastifyInstance } from 'fastify'
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import fastifyStatic from '@fastify/static'

export async function registerAppRoutes(app: FastifyInstance, appDir: string): Promise<boolean> {
  const root = resolve(appDir)
  const indexPath = resolve(root, 'index.html')
  if (!existsSync(indexPath))
    return false
  const shell = readFileSync(indexPath, 'utf8')
  await app.register(fastifyStatic, {
    root,
    wildcard: true,
    index: false,
    // The build's .br and .gz copies (vite.config.ts), to a browser that accepts them.
    preCompressed: true,
    cacheControl: false,
    setHeaders: (res, path) => {
      const immutable = /[\\/]assets[\\/]/.test(path)
      res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      // A cache between the server and the tablets keeps the compressed and plain copies apart.
      res.setHeader('Vary', 'Accept-Encoding')
    },
  })
  app.get('/', (_request, reply) => reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(shell))
  // Pages without a <link rel="icon"> (the receipt preview, a JSON answer opened in a tab) make
  // browsers ask for /favicon.ico: the app's icon, not a 404 in every log.
  if (existsSync(resolve(root, 'icons/icon-192.png')))
    app.get('/favicon.ico', (_request, reply) => reply.redirect('/icons/icon-192.png', 301))
  app.decorate('appShell', shell)
  return true
}
