/**
 * The demo's mailbox: with no SMTP server configured, receipts are written as files under
 * DATA_DIR/outbox and, with MAIL_PREVIEW=1 (what `npm start` sets), listed here, newest
 * first, each viewable as HTML or downloadable as the .eml that would have gone out. Off by
 * default: it shows every receipt and its recipient to anyone who reaches the server. Names
 * are checked against the folder's own listing, so no path from the URL ever reaches the
 * file system, and the page never says where the folder is.
 */
import type { FastifyInstance } from 'fastify'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../src/shared/errors'

interface Meta { to: string, subject: string, at: string }

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

function messages(dir: string): { name: string, meta: Meta }[] {
  if (!existsSync(dir))
    return []
  return readdirSync(dir)
    .filter(f => f.endsWith('.eml'))
    .map(f => f.slice(0, -4))
    .filter(name => existsSync(join(dir, `${name}.json`)))
    .sort()
    .reverse()
    .map(name => ({ name, meta: JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Meta }))
}

export function registerMailRoutes(app: FastifyInstance, dir: string): void {
  app.get('/mail', async (_request, reply) => {
    const rows = messages(dir).map(({ name, meta }) => `
      <tr><td>${esc(new Date(meta.at).toLocaleString('it-IT'))}</td><td>${esc(meta.to)}</td>
      <td><a href="/mail/${encodeURIComponent(name)}.html">${esc(meta.subject)}</a></td>
      <td><a href="/mail/${encodeURIComponent(name)}.eml">.eml</a></td></tr>`).join('')
    void reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-store')
    return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Outgoing receipts</title>
<style>body{font-family:system-ui,sans-serif;margin:32px;color:#1c2333}table{border-collapse:collapse;width:100%}td,th{padding:10px;border-bottom:1px solid #e3dfd7;text-align:left}</style></head>
<body><h1>Outgoing receipts</h1><p>No SMTP server is configured (SMTP_URL): receipts are written as files in the server's data folder and listed here (MAIL_PREVIEW).</p>
<table><thead><tr><th>Sent</th><th>To</th><th>Subject</th><th>Raw</th></tr></thead><tbody>${rows || '<tr><td colspan="4">No receipts yet.</td></tr>'}</tbody></table></body></html>`
  })

  app.get('/mail/:file', async (request, reply) => {
    const { file } = request.params as { file: string }
    const match = /^(.+)\.(html|eml)$/.exec(file)
    const known = match && messages(dir).some(m => m.name === match[1])
    if (!match || !known)
      throw new AppError('not-found', 'There is no such message.')
    void reply.header('Cache-Control', 'no-store')
    if (match[2] === 'eml') {
      void reply.type('message/rfc822').header('Content-Disposition', `attachment; filename="${match[1]}.eml"`)
      return readFileSync(join(dir, `${match[1]}.eml`))
    }
    void reply.type('text/html; charset=utf-8').header('Content-Security-Policy', 'default-src \'none\'; style-src \'unsafe-inline\'; img-src https: data:')
    return readFileSync(join(dir, `${match[1]}.html`), 'utf8')
  })
}
