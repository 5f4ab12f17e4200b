/**
 * What the Today list writes: decisions about tasks (the store's, by its associates; handing
 * one over is a manager's) and who looks after a customer (an associate may take on a customer
 * nobody looks after yet; changing it is a manager's). Both replicate to the store's tablets.
 */
import type { CustomerDoc, TaskDoc } from '../../src/shared/types'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTask } from '../fixtures/docs'
import { makeAssociate, world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

describe.each(BACKENDS)('Today\'s decisions and client advisors, on %s', (backend) => {
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  let other: ReturnType<typeof apiClient>
  const task = (o: Partial<TaskDoc> = {}) => makeTask({ storeId: 'store-a', customerId: 'cus-alice', kind: 'web-order', reason: 'ord-1', by: 'assoc-a1', at: '2026-12-04T09:00:00.000Z', ...o })
  const as = (associateId: string) => ({ 'X-Associate-Id': associateId })
  const errorOf = (reply: { status: number, body: unknown }) => [reply.status, (reply.body as { error?: { code: string } }).error?.code]
  const pushTask = (doc: TaskDoc, assumed: TaskDoc | null, by = 'assoc-a1') => tablet.request('POST', '/api/sync/tasks/push', [{ newDocumentState: doc, assumedMasterState: assumed }], as(by))
  const alice = async () => (await tablet.pullAll('customers')).documents.find(c => c.id === 'cus-alice') as unknown as CustomerDoc
  const pushCustomer = async (change: (c: CustomerDoc) => CustomerDoc, by: string) => {
    const master = await alice()
    return tablet.request('POST', '/api/sync/customers/push', [{ newDocumentState: change(master), assumedMasterState: master }], as(by))
  }

  beforeAll(async () => {
    server = await startTestServer(backend)
    const w = world()
    await server.load({ ...w, associates: [...w.associates, makeAssociate({ id: 'assoc-a2', storeId: 'store-a', staffCode: 'A02', displayName: 'Sara Blu' }), makeAssociate({ id: 'mgr-a', role: 'manager', staffCode: 'A00' })] })
    tablet = apiClient(server.url, (await server.enroll('store-a')).token)
    other = apiClient(server.url, (await server.enroll('store-b')).token)
  })
  afterAll(() => server.close())

  it('keeps a task marked done, replicates it to the store\'s tablets and to no other store\'s', async () => {
    const done = task()
    expect((await pushTask(done, null)).body).toEqual([])
    expect((await tablet.pullAll('tasks')).documents).toEqual([{ ...done }])
    expect((await other.pullAll('tasks')).documents).toEqual([])
  })

  it.each([
    ['another store\'s task', task({ storeId: 'store-b', id: 'store-b|web-order|cus-alice|ord-2', reason: 'ord-2' }), 'assoc-a1', [403, 'forbidden-store']],
    ['a task whose id is not its key', task({ id: 'store-a|web-order|cus-alice|something-else', reason: 'ord-3' }), 'assoc-a1', [422, 'invalid-document']],
    ['a decision by someone not of the store', task({ reason: 'ord-4', id: 'store-a|web-order|cus-alice|ord-4', by: 'assoc-b1' }), 'assoc-b1', [403, 'forbidden']],
    ['a task handed over by an associate', task({ reason: 'ord-5', id: 'store-a|web-order|cus-alice|ord-5', state: 'open', outcome: null, assignedTo: 'assoc-a2' }), 'assoc-a1', [403, 'manager-required']],
  ])('refuses %s and writes nothing', async (_, doc, by, expected) => {
    expect(errorOf(await pushTask(doc, null, by))).toEqual(expected)
    expect((await tablet.pullAll('tasks')).documents.map(d => d.id)).not.toContain(doc.id)
  })

  it('lets a manager hand a task to an associate of the store', async () => {
    const handed = task({ reason: 'ord-6', id: 'store-a|web-order|cus-alice|ord-6', state: 'open', outcome: null, assignedTo: 'assoc-a2', by: 'mgr-a' })
    expect((await pushTask(handed, null, 'mgr-a')).body).toEqual([])
  })

  it('keeps the later of two decisions made on two tablets without network', async () => {
    const base = task({ reason: 'ord-7', id: 'store-a|web-order|cus-alice|ord-7', state: 'snoozed', outcome: null, snoozedUntil: '2026-12-05', at: '2026-12-04T09:00:00.000Z' })
    await pushTask(base, null)
    const later = { ...base, state: 'done' as const, outcome: 'reached' as const, snoozedUntil: null, at: '2026-12-04T09:05:00.000Z', by: 'assoc-a2' }
    const earlier = { ...base, snoozedUntil: '2026-12-11', at: '2026-12-04T09:01:00.000Z' }
    expect((await pushTask(later, base, 'assoc-a2')).body).toEqual([])
    // The tablet that decided earlier learns of the later decision as a conflict.
    expect((await pushTask(earlier, base)).body).toEqual([later])
  })

  describe('who looks after a customer', () => {
    const advisor = (associateId: string, setBy: string, role: 'primary' | 'secondary' = 'primary') => ({ storeId: 'store-a', associateId, role, setBy, setAt: '2026-12-04T09:00:00.000Z' })

    it('lets an associate take on a customer nobody looks after yet', async () => {
      const reply = await pushCustomer(c => ({ ...c, advisors: [advisor('assoc-a1', 'assoc-a1')] }), 'assoc-a1')
      expect(reply.body).toEqual([])
      expect((await alice()).advisors).toEqual([advisor('assoc-a1', 'assoc-a1')])
    })

    it('refuses an associate taking over a colleague\'s client, and lets a manager do it', async () => {
      const before = await alice()
      expect(errorOf(await pushCustomer(c => ({ ...c, advisors: [advisor('assoc-a2', 'assoc-a2')] }), 'assoc-a2'))).toEqual([403, 'manager-required'])
      expect(await alice()).toEqual(before)
      expect((await pushCustomer(c => ({ ...c, advisors: [advisor('assoc-a2', 'mgr-a')] }), 'mgr-a')).body).toEqual([])
      expect((await alice()).advisors).toEqual([advisor('assoc-a2', 'mgr-a')])
    })

    it('refuses two primaries, and an advisor of another store', async () => {
      expect(errorOf(await pushCustomer(c => ({ ...c, advisors: [advisor('assoc-a2', 'mgr-a'), advisor('assoc-a1', 'mgr-a')] }), 'mgr-a'))).toEqual([422, 'invalid-document'])
      expect(errorOf(await pushCustomer(c => ({ ...c, advisors: [...c.advisors!, { ...advisor('assoc-b1', 'mgr-a'), storeId: 'store-b' }] }), 'mgr-a'))).toEqual([403, 'forbidden-store'])
    })

    it('keeps a birthday given by the customer, with its key for the tablets\' Today index', async () => {
      expect((await pushCustomer(c => ({ ...c, birthday: { month: 2, day: 29 }, birthdayKey: '02-29' }), 'assoc-a1')).body).toEqual([])
      expect(await alice()).toMatchObject({ birthday: { month: 2, day: 29 }, birthdayKey: '02-29' })
    })

    it('refuses a birthday key that is not the birthday\'s, and derives it for a tablet that does not write it yet', async () => {
      expect(errorOf(await pushCustomer(c => ({ ...c, birthday: { month: 3, day: 1 }, birthdayKey: '02-29' }), 'assoc-a1'))).toEqual([422, 'invalid-document'])
      const olderApp = await pushCustomer(({ birthdayKey: _key, ...c }) => ({ ...c, birthday: { month: 3, day: 1 } }) as CustomerDoc, 'assoc-a1')
      expect(olderApp.body).toEqual([])
      expect(await alice()).toMatchObject({ birthday: { month: 3, day: 1 }, birthdayKey: '03-01' })
    })
  })
})
