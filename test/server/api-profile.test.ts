/**
 * Issue 25: the retailer's other systems call `/api/v1/` with an API key per integration. A key
 * is stored only as a hash; a revoked one is refused, one without the scope is forbidden, two
 * are valid at once for a rotation. The profile equals what a store's tablet holds for the
 * customer (private notes left out), the screen-pop finds a phone however it is written, a
 * merged-away id answers with the survivor, and every call is a profile view by that key.
 */
import type { ApiProfile } from '../../src/shared/endpoints'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAudit } from '../../sync-server/audit/log'
import { mergeCustomers } from '../../sync-server/identity/merge'
import { runApiKeyCommand } from '../../sync-server/integrations/cli'
import { withWriter } from '../../sync-server/storage/writer'
import { makeCustomer, makeInteraction, makeOrder, makeVisit } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

describe.each(BACKENDS)('the versioned API for other touchpoints, on %s', (backend) => {
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  const keys: Record<string, { id: string, key: string }> = {}
  const w = world()
  const giada = makeCustomer({ id: 'cus-giada', firstName: 'Giada', lastName: 'Verdi', email: 'giada@example.com', phone: '+39 333 123 4567', homeStoreId: 'store-a' })
  const older = makeCustomer({ id: 'cus-giada-old', firstName: 'Giada', lastName: 'Verdi', email: 'g.verdi@example.com', phone: null, homeStoreId: 'store-a' })
  const visit = makeVisit({ id: 'visit-api-1', storeId: 'store-a', associateId: 'assoc-a1', customerId: giada.id, outcome: 'purchase' })
  const notes = [
    makeInteraction({ id: 'int-api-1', visitId: visit.id, storeId: 'store-a', customerId: giada.id, associateId: 'assoc-a1', type: 'tried_on', sku: 'SKU-SHOES', size: '39', text: null }),
    makeInteraction({ id: 'int-api-2', visitId: visit.id, storeId: 'store-a', customerId: giada.id, associateId: 'assoc-a1', type: 'note', sku: null, size: null, text: 'Sposa a giugno', shared: true }),
    makeInteraction({ id: 'int-api-3', visitId: visit.id, storeId: 'store-a', customerId: giada.id, associateId: 'assoc-a1', type: 'note', sku: null, size: null, text: 'Private remark' }),
  ]
  const web = makeOrder({ id: 'ord-api-web', channel: 'web', storeId: null, associateId: null, customerId: giada.id, paymentMethod: 'online' })
  const call = <T>(path: string, key = keys.reader!.key) => fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${key}` } })
    .then(async r => ({ status: r.status, body: await r.json() as T & { error?: { code: string } } }))

  beforeAll(async () => {
    server = await startTestServer(backend)
    await server.load({ ...w, customers: [...w.customers, giada, older], visits: [visit], interactions: notes, orders: [web] })
    tablet = apiClient(server.url, (await server.enroll('store-a')).token)
    for (const [name, scopes] of [['reader', 'profiles:read'], ['writer', 'events:write'], ['reader2', 'profiles:read,notes:write']] as const) {
      const made = await runApiKeyCommand(server.db, { verb: 'create', name, scopes })
      if (made.verb === 'create')
        keys[name] = { id: made.apiKey.id, key: made.key }
    }
  })
  afterAll(() => server.close())

  it('keeps only a hash of each key', async () => {
    const { rows } = await server.db.query<{ key_hash: string }>('SELECT key_hash FROM api_keys')
    expect(rows).toHaveLength(3)
    for (const { key } of Object.values(keys)) expect(JSON.stringify(rows)).not.toContain(key.slice(3))
  })

  it('answers the profile a store\'s tablet holds for the customer, without the private note', async () => {
    const reply = await call<ApiProfile>(`/api/v1/customers/${giada.id}/profile`)
    expect(reply.status).toBe(200)
    const held = async (collection: string) => (await tablet.pullAll(collection)).documents.filter(d => d.customerId === giada.id || d.id === giada.id)
    const [customer] = await held('customers')
    // The search keys and the replication flag are the tablet's own, not the profile.
    const { nameKey, nameKeyAlt: _alt, emailKey, phoneKey, loyaltyKey: _loyalty, birthdayKey: _birthday, _deleted, ...shown } = customer as Record<string, unknown>
    expect([nameKey, emailKey, phoneKey, _deleted === false].every(Boolean)).toBe(true)
    expect(reply.body.customer).toEqual(shown)
    expect(reply.body.orders.map(o => o.id).sort()).toEqual((await held('orders')).map(o => o.id).sort())
    expect(reply.body.visits.map(v => v.id)).toEqual((await held('visits')).map(v => v.id))
    expect(reply.body.visits[0]!.interactions.map(i => i.id)).toEqual(['int-api-1', 'int-api-2'])
    expect(reply.body.notes.map(n => n.text)).toEqual(['Sposa a giugno'])
    expect(JSON.stringify(reply.body)).not.toContain('Private remark')
  })

  it('finds "+39 333 123 4567" by "3331234567", and an e-mail whatever its case', async () => {
    expect((await call<{ customers: { id: string }[] }>('/api/v1/customers?phone=3331234567')).body.customers.map(c => c.id)).toEqual([giada.id])
    expect((await call<{ customers: { id: string }[] }>('/api/v1/customers?email=GIADA@Example.com')).body.customers.map(c => c.id)).toEqual([giada.id])
    expect((await call('/api/v1/customers')).status).toBe(400)
  })

  it('answers a merged-away id with the survivor', async () => {
    await withWriter(server.db, w => mergeCustomers(w, older.id, giada.id, { reason: 'manager', trigger: 'test', decidedBy: 'assoc-a1' }))
    const reply = await call<ApiProfile>(`/api/v1/customers/${giada.id}/profile`)
    expect([reply.status, reply.body.customer.id]).toEqual([200, older.id])
    expect(reply.body.visits.map(v => v.id)).toEqual([visit.id])
  })

  it('refuses a revoked key, a key without the scope and no key; two keys hold during a rotation', async () => {
    expect((await call(`/api/v1/customers/${older.id}/profile`, keys.writer!.key)).status).toBe(403)
    expect((await fetch(`${server.url}/api/v1/customers/${older.id}/profile`)).status).toBe(401)
    expect((await call(`/api/v1/customers/${older.id}/profile`, keys.reader2!.key)).status).toBe(200)
    await runApiKeyCommand(server.db, { verb: 'revoke', id: keys.reader!.id })
    expect((await call(`/api/v1/customers/${older.id}/profile`)).status).toBe(401)
    expect((await call(`/api/v1/customers/${older.id}/profile`, keys.reader2!.key)).status).toBe(200)
  })

  it('adds a note from the contact centre that the store\'s tablets receive with its source, on the survivor', async () => {
    const post = (key: string, body: unknown) => fetch(`${server.url}/api/v1/customers/${giada.id}/notes`, { method: 'POST', headers: { 'Authorization': `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    expect((await post(keys.writer!.key, { text: 'Called about her order' })).status).toBe(403)
    expect((await post(keys.reader2!.key, { text: '' })).status).toBe(400)
    const reply = await post(keys.reader2!.key, { text: 'Called: wants the navy dress in 40 kept for Saturday' })
    const { note } = await reply.json() as { note: { id: string, customerId: string, source: string } }
    expect([reply.status, note.customerId, note.source]).toEqual([201, older.id, 'contact-centre'])
    const held = (await tablet.pullAll('interactions')).documents.find(d => d.id === note.id)
    expect(held).toMatchObject({ type: 'note', source: 'contact-centre', customerId: older.id, shared: true })
    const profile = await call<ApiProfile>(`/api/v1/customers/${older.id}/profile`, keys.reader2!.key)
    expect(profile.body.notes.map(n => n.text)).toContain('Called: wants the navy dress in 40 kept for Saturday')
  })

  it('records every call as a profile view by its key', async () => {
    const { rows } = await server.db.query<{ api_key_id: string, action: string, detail: string }>(`SELECT api_key_id, action, detail FROM audit_log WHERE api_key_id IS NOT NULL AND customer_id = $1 ORDER BY at`, [giada.id])
    expect(rows.map(r => [r.api_key_id, r.action, r.detail])).toEqual([
      [keys.reader!.id, 'view', 'api'],
      [keys.reader!.id, 'view', 'api-lookup'],
      [keys.reader!.id, 'view', 'api-lookup'],
    ])
    // The manager's access log names the integration.
    expect((await readAudit(server.db, giada.id)).map(e => e.apiKeyName)).toContain('reader')
  })

  it('takes the platform\'s events with an events:write key, as the signed route does, each in the access log under the key', async () => {
    const send = (body: unknown, key = keys.writer!.key) => fetch(`${server.url}/api/v1/events`, { method: 'POST', headers: { 'Authorization': `Bearer ${key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      .then(async r => ({ status: r.status, body: await r.json() as Record<string, unknown> }))
    const cart = { id: 'evt-v1-cart', type: 'cart.updated', occurredAt: new Date().toISOString(), data: { customerId: 'cus-alice', items: [{ sku: 'SKU-CAPRI', size: '38', qty: 1, addedAt: new Date().toISOString(), channel: 'web', addedBy: 'cus-alice' }] } }
    expect((await send(cart, keys.reader2!.key)).status).toBe(403)
    expect((await send(cart, 'ck_not-a-key')).status).toBe(401)
    expect(await send(cart)).toEqual({ status: 202, body: { id: 'evt-v1-cart', outcome: 'applied' } })
    expect(await send(cart)).toEqual({ status: 202, body: { id: 'evt-v1-cart', outcome: 'duplicate' } })
    const wishlist = { ...cart, id: 'evt-v1-wish', type: 'wishlist.updated' }
    const batch = await send([wishlist, { id: 'evt-v1-bad', type: 'cart.updated', occurredAt: 'yesterday', data: {} }])
    expect(batch).toEqual({ status: 200, body: { results: [{ id: 'evt-v1-wish', outcome: 'applied' }, expect.objectContaining({ id: 'evt-v1-bad', outcome: 'refused' })] } })
    expect((await send({ id: 'evt-v1-shape', type: 'cart.updated' })).status).toBe(400)
    const held = (await tablet.pullAll('carts')).documents.find(d => d.id === 'cus-alice') as { items: { sku: string }[] } | undefined
    expect(held?.items.map(i => i.sku)).toContain('SKU-CAPRI')
    const { rows } = await server.db.query<{ api_key_id: string, action: string, detail: string }>(`SELECT api_key_id, action, detail FROM audit_log WHERE customer_id = 'cus-alice' AND api_key_id IS NOT NULL ORDER BY at`)
    expect(rows.map(r => [r.api_key_id, r.action, r.detail])).toEqual([[keys.writer!.id, 'cart', 'cart.updated'], [keys.writer!.id, 'wishlist', 'wishlist.updated']])
  })
})

describe('the versioned API\'s limit per key', () => {
  it('answers 429 with Retry-After past the limit of one key, and still serves another key', async () => {
    const server = await startTestServer('pglite', { config: { apiRateLimit: 3 } })
    try {
      await server.load(world())
      const make = async (name: string) => {
        const made = await runApiKeyCommand(server.db, { verb: 'create', name, scopes: 'profiles:read' })
        return made.verb === 'create' ? made.key : ''
      }
      const [busy, calm] = [await make('Busy'), await make('Calm')]
      const look = (key: string) => fetch(`${server.url}/api/v1/customers?phone=3331000001`, { headers: { Authorization: `Bearer ${key}` } })
      const statuses = []
      for (let i = 0; i < 4; i++) statuses.push((await look(busy)).status)
      expect(statuses).toEqual([200, 200, 200, 429])
      const refused = await look(busy)
      expect([refused.status, Number(refused.headers.get('retry-after')) > 0, (await refused.json() as { error: { code: string } }).error.code]).toEqual([429, true, 'rate-limited'])
      expect((await look(calm)).status).toBe(200)
    }
    finally {
      await server.close()
    }
  })
})
