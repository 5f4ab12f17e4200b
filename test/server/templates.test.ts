/**
 * A store manager rewrites the store's message templates: the server checks them with the
 * tablet's rules, keeps who changed which and when, and the store's tablets receive them with
 * the store's document. An associate, a tablet alone or a bad template changes nothing.
 */
import type { StoreDoc, StoreTemplate } from '../../src/shared/types'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPin } from '../../sync-server/auth/pin'
import { makeAssociate, world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

type Input = Pick<StoreTemplate, 'id' | 'name' | 'subject' | 'body'>
const template = (o: Partial<Input> = {}): Input => ({
  id: 'custom-sale',
  name: 'Saldi',
  subject: { it: 'Saldi per te, {firstName}', en: 'Sale for you, {firstName}' },
  body: { it: 'Ciao {firstName}, ti aspetto da {store}.', en: 'Hi {firstName}, see you at {store}.' },
  ...o,
})

describe.each(BACKENDS)('the store\'s message templates, on %s', (backend) => {
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  const session = async (associateId: string, pin: string) => (await tablet.request<{ token: string }>('POST', '/api/sessions', { associateId, pin })).body.token
  const save = async (templates: unknown, token?: string) => tablet.request<{ templates: StoreTemplate[], error?: { code: string } }>('PUT', '/api/store/templates', { templates }, token ? { 'X-Associate-Session': token } : {})
  const storeA = async () => (await tablet.pullAll('stores')).documents.find(s => s.id === 'store-a') as unknown as StoreDoc
  let manager = ''

  beforeAll(async () => {
    server = await startTestServer(backend)
    const w = world()
    await server.load({ ...w, associates: [
      makeAssociate({ id: 'mgr-a', role: 'manager', staffCode: 'A00', pin: await hashPin('135702', { iterations: 1000 }) }),
      makeAssociate({ id: 'assoc-a1', pin: await hashPin('1357', { iterations: 1000 }) }),
    ] })
    tablet = apiClient(server.url, (await server.enroll('store-a')).token)
    manager = await session('mgr-a', '135702')
  })
  afterAll(() => server.close())

  it('saves a rewritten built-in template and one of the store\'s own, and the store\'s tablets receive them', async () => {
    const birthday = template({ id: 'birthday', name: 'ignored', subject: { it: 'Auguri {firstName}', en: 'Best wishes {firstName}' } })
    const reply = await save([birthday, template()], manager)
    expect(reply.status).toBe(200)
    expect(reply.body.templates.map(t => [t.id, t.name, t.updatedBy])).toEqual([['birthday', null, 'mgr-a'], ['custom-sale', 'Saldi', 'mgr-a']])
    expect((await storeA()).templates).toEqual(reply.body.templates)
  })

  it('keeps who changed a template and when, for the ones left as they were', async () => {
    const before = (await storeA()).templates!
    const reply = await save([template({ id: 'birthday', name: null, subject: { it: 'Auguri {firstName}', en: 'Best wishes {firstName}' } }), template({ body: { it: 'Ciao {firstName}, novità da {store}.', en: 'Hi {firstName}, news from {store}.' } })], manager)
    expect(reply.body.templates[0]).toEqual(before[0])
    expect(reply.body.templates[1]!.updatedAt > before[1]!.updatedAt).toBe(true)
  })

  it.each([
    ['a misspelt placeholder', [template({ body: { it: 'Ciao {nome}', en: 'Hi {firstName}' } })], [422, 'invalid-template']],
    ['a language left empty', [template({ subject: { it: 'Saldi', en: ' ' } })], [422, 'invalid-template']],
    ['the store\'s own template without a name', [template({ name: '' })], [422, 'invalid-template']],
    ['two templates with one id', [template(), template()], [400, 'invalid-request']],
    ['an id that is not a slug', [template({ id: '../x' })], [400, 'invalid-request']],
    ['a list that is not one', 'look', [400, 'invalid-request']],
  ])('refuses %s and changes nothing', async (_, templates, expected) => {
    const before = await storeA()
    const reply = await save(templates, manager)
    expect([reply.status, reply.body.error?.code]).toEqual(expected)
    expect(await storeA()).toEqual(before)
  })

  it('refuses an associate\'s session and a tablet without one', async () => {
    const before = await storeA()
    const asAssociate = await save([template()], await session('assoc-a1', '1357'))
    expect([asAssociate.status, asAssociate.body.error?.code]).toEqual([403, 'forbidden'])
    const anonymous = await save([template()])
    expect([anonymous.status, anonymous.body.error?.code]).toEqual([401, 'session-required'])
    expect(await storeA()).toEqual(before)
  })
})
