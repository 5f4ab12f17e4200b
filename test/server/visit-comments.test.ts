/**
 * Coaching comments are part of the visit: a manager of the store adds them from a tablet;
 * an associate cannot, and nobody can change or remove one once written.
 */
import type { VisitDoc } from '../../src/shared/types'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeVisit } from '../fixtures/docs'
import { makeAssociate, world } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

describe.each(BACKENDS)('coaching comments on a visit, on %s', (backend) => {
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  const visit = makeVisit({ id: 'visit-coached', storeId: 'store-a', associateId: 'assoc-a1', outcome: 'no_purchase' })
  const comment = (id: string, by: string, text = 'Bene!') => ({ id, by, at: '2026-11-22T10:00:00.000Z', text })
  const master = async () => (await tablet.pullAll('visits')).documents.find(v => v.id === visit.id) as unknown as VisitDoc

  beforeAll(async () => {
    server = await startTestServer(backend)
    const w = world()
    await server.load({ ...w, associates: [...w.associates, makeAssociate({ id: 'mgr-a', role: 'manager', staffCode: 'A00' })] })
    tablet = apiClient(server.url, (await server.enroll('store-a')).token)
    await tablet.create('visits', [visit])
  })
  afterAll(() => server.close())

  const push = async (next: VisitDoc) => tablet.push('visits', [{ newDocumentState: next, assumedMasterState: await master() }])

  it('accepts a comment by a manager of the store', async () => {
    const reply = await push({ ...await master(), comments: [comment('c1', 'mgr-a')] })
    expect(reply.body).toEqual([])
    expect((await master()).comments).toEqual([comment('c1', 'mgr-a')])
  })

  it.each([
    ['a comment by an associate', (v: VisitDoc) => ({ ...v, comments: [...v.comments!, comment('c2', 'assoc-a1')] }), 403, 'forbidden'],
    ['a changed comment', (v: VisitDoc) => ({ ...v, comments: [comment('c1', 'mgr-a', 'Rewritten')] }), 409, 'immutable-field'],
    ['a removed comment', (v: VisitDoc) => ({ ...v, comments: [] }), 409, 'immutable-field'],
  ])('refuses %s and changes nothing', async (_, change, status, code) => {
    const before = await master()
    const reply = await push(change(before))
    expect([reply.status, (reply.body as unknown as { error: { code: string } }).error.code]).toEqual([status, code])
    expect(await master()).toEqual(before)
  })
})
