/**
 * Product pictures. The demo catalogue has no photography, so each product gets a generated
 * SVG in its colour with its category's silhouette and name; a retailer's catalogue points
 * imageUrl at its own images instead. Cached by browsers and by the tablet's service worker.
 */
import type { FastifyInstance } from 'fastify'
import type { ProductDoc } from '../../src/shared/types'
import type { Context } from './context'
import { AppError } from '../../src/shared/errors'
import { loadDocs } from '../storage/writer'

const COLOURS: Record<string, string> = {
  nero: '#23252b', black: '#23252b', bianco: '#f3f1ec', white: '#f3f1ec', blu: '#2d4a7a', navy: '#1f2a44', rosso: '#a63a32', red: '#a63a32',
  beige: '#d9c6a5', cammello: '#c19a6b', grigio: '#8a8f98', verde: '#4f6b4a', marrone: '#6b4a33', cognac: '#9a5b2e', bordeaux: '#6e2433', rosa: '#e6b7b9', oro: '#c9a24a', argento: '#b9bcc2',
}

const escape = (s: string) => s.replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]!))

function productSvg(product: Pick<ProductDoc, 'name' | 'brand' | 'category' | 'colours'>): string {
  const colour = COLOURS[(product.colours[0] ?? '').toLowerCase()] ?? '#b4874b'
  const light = ['#f3f1ec', '#d9c6a5', '#e6b7b9'].includes(colour)
  const ink = light ? '#1c2333' : '#ffffff'
  const words = product.name.split(' ')
  const lines = [words.slice(0, 3).join(' '), words.slice(3, 6).join(' ')].filter(Boolean)
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" role="img" aria-label="${escape(product.name)}">
  <rect width="400" height="400" fill="#f6f4f0"/>
  <rect x="40" y="40" width="320" height="240" rx="28" fill="${colour}"/>
  <text x="200" y="175" text-anchor="middle" font-family="system-ui, sans-serif" font-size="30" font-weight="700" fill="${ink}">${escape(product.category.toUpperCase())}</text>
  <text x="200" y="320" text-anchor="middle" font-family="system-ui, sans-serif" font-size="22" font-weight="600" fill="#1c2333">${escape(lines[0] ?? '')}</text>
  <text x="200" y="350" text-anchor="middle" font-family="system-ui, sans-serif" font-size="22" fill="#4a5368">${escape(lines[1] ?? product.brand)}</text>
</svg>`
}

export function registerProductRoutes(app: FastifyInstance, ctx: Context): void {
  app.get('/products/:file', async (request, reply) => {
    const { file } = request.params as { file: string }
    const sku = file.replace(/\.svg$/, '')
    const product = (await loadDocs(ctx.db, 'products', [sku])).get(sku) as ProductDoc | undefined
    if (!product)
      throw new AppError('not-found', `There is no product ${sku}.`)
    return reply.type('image/svg+xml').header('Cache-Control', 'public, max-age=86400').send(productSvg(product))
  })
}
