import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCustomer, makeInteraction, tabletCustomerId } from '../fixtures/docs'
import { world } from '../fixtures/world'
import { apiClient } from './client'
import { pullTestHooks } from '../../sync-server/storage/pull'
import { writerTestHooks } from '../../sync-server/storage/writer'
import { BACKENDS, startTestServer } from './harness'
import { openStream } from './stream-client'

const SKEWED = tabletCustomerId('skewed')

describe.each(BACKENDS)('replication contract on %s', (backend) => {
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  let token: string
  const w = world()

  beforeAll(async () => {
    server = await startTestServer(backend)
    await server.load(w)
    token = (await server.enroll('store-a')).token
    tablet = apiClient(server.url, token)
  })
  afterAll(() => server.close())

  /**
   * 20 tablets push 10 batches of 20 interactions each while a puller reads pages of 37. The
   * transactions stay open a random while before they commit, so any disagreement between
   * position order and commit order shows up as a skipped document. Returns what the puller saw.
   */
  async function concurrentWritesWhilePulling(tag: string): Promise<string[]> {
    const writers = await Promise.all(Array.from({ length: 20 }, () => server.enroll('store-a')))
    const { checkpoint: start } = await tablet.pullAll('interactions')
    writerTestHooks.beforeCommit = () => new Promise(resolve => setTimeout(resolve, Math.random() * 30))
    let writing = true
    const push = Promise.all(writers.map(async ({ token }, writer) => {
      const client = apiClient(server.url, token)
      for (let batch = 0; batch < 10; batch++) {
        // Tablets push now and then, so the puller keeps catching up with the newest commits.
        await new Promise(resolve => setTimeout(resolve, Math.random() * 150))
        const docs = Array.from({ length: 20 }, (_, i) => makeInteraction({
          id: `int-${tag}-${writer}-${batch}-${i}`,
          storeId: 'store-a',
          associateId: 'assoc-a1',
          // Walk-ins: documents of one customer queue behind each other's locks, these don't.
          customerId: null,
        }))
        await client.create('interactions', docs)
      }
    })).finally(() => {
      writing = false
      writerTestHooks.beforeCommit = null
    })

    const seen: string[] = []
    let checkpoint = start
    for (;;) {
      const stillWriting = writing
      const page = await tablet.pull('interactions', checkpoint, 37)
      expect(page.status).toBe(200)
      seen.push(...page.body.documents.map(d => d.id).filter(id => id.startsWith(`int-${tag}-`)))
      checkpoint = page.body.checkpoint
      if (!stillWriting && page.body.documents.length < 37)
        break
    }
    await push
    return seen
  }

  it('delivers all 4,000 documents written by 20 concurrent tablets to a puller reading small pages meanwhile, once each', async () => {
    const seen = await concurrentWritesWhilePulling('safe')
    expect(seen.length).toBe(4000)
    expect(new Set(seen).size).toBe(4000)
  })

  /**
   * Tablet A's push has written and stays open; tablet B's push, written after it, commits
   * first; a puller reads; then A commits and the puller reads on from its checkpoint.
   * Returns the ids the puller saw. (PostgreSQL: PGlite runs one transaction at a time.)
   */
  async function aLateCommit(tag: string): Promise<string[]> {
    const a = apiClient(server.url, (await server.enroll('store-a')).token)
    const b = apiClient(server.url, (await server.enroll('store-a')).token)
    const walkIn = (id: string) => makeInteraction({ id, storeId: 'store-a', associateId: 'assoc-a1', customerId: null })
    const { checkpoint: start } = await tablet.pullAll('interactions')
    let release = () => {}
    const held = new Promise<void>(resolve => release = resolve)
    let aWaits = false
    writerTestHooks.beforeCommit = () => {
      if (aWaits)
        return Promise.resolve()
      aWaits = true
      return held
    }
    try {
      const pushA = a.create('interactions', [walkIn(`int-${tag}-a`)])
      await expect.poll(() => aWaits).toBe(true)
      await b.create('interactions', [walkIn(`int-${tag}-b`)])
      const before = await tablet.pullAll('interactions', start)
      release()
      await pushA
      const after = await tablet.pullAll('interactions', before.checkpoint)
      return [...before.documents, ...after.documents].map(d => d.id).filter(id => id.startsWith(`int-${tag}-`)).sort()
    }
    finally {
      release()
      writerTestHooks.beforeCommit = null
    }
  }

  it.runIf(backend === 'postgres')('delivers a change that commits after a later one was read', async () => {
    expect(await aLateCommit('late')).toEqual(['int-late-a', 'int-late-b'])
  })

  it.runIf(backend === 'postgres')('skips it when pulls read past the safe position (the ordering switched off)', async () => {
    pullTestHooks.unsafe = true
    try {
      expect(await aLateCommit('unsafe')).toEqual(['int-unsafe-b'])
    }
    finally {
      pullTestHooks.unsafe = false
    }
  })

  /** Two tablets edit Alice's tags at once, both from the same master; transactions stay open 80 ms before committing. */
  async function twoTabletsEditTheSameCustomer(tags: [string, string]) {
    const other = apiClient(server.url, (await server.enroll('store-a')).token)
    const alice = (await tablet.pullAll('customers')).documents.find(d => d.id === 'cus-alice')!
    const edits = tags.map(tag => ({ ...alice, tags: [tag] }))
    writerTestHooks.beforeCommit = () => new Promise(resolve => setTimeout(resolve, 80))
    try {
      const replies = await Promise.all([tablet, other].map((t, i) => t.push('customers', [{ newDocumentState: edits[i]!, assumedMasterState: alice }])))
      const final = (await tablet.pullAll('customers')).documents.find(d => d.id === 'cus-alice')!
      return { replies, final }
    }
    finally {
      writerTestHooks.beforeCommit = null
    }
  }

  it('of two tablets pushing the same document at once, writes one and answers the other with the conflict', async () => {
    const { replies, final } = await twoTabletsEditTheSameCustomer(['first-tablet', 'second-tablet'])
    expect(replies.map(r => r.status)).toEqual([200, 200])
    const [won, lost] = replies[0]!.body.length === 0 ? replies : [replies[1]!, replies[0]!]
    expect(won!.body).toEqual([])
    // The other tablet gets the winner's state to merge its edit into: nothing is lost.
    expect(lost!.body).toEqual([final])
    expect(final.tags).toHaveLength(1)
  })

  it.runIf(backend === 'postgres')('writes both and loses one when the writers take no locks (the protection switched off)', async () => {
    writerTestHooks.skipLocks = true
    try {
      const { replies } = await twoTabletsEditTheSameCustomer(['third-tablet', 'fourth-tablet'])
      expect(replies.map(r => r.body)).toEqual([[], []])
    }
    finally {
      writerTestHooks.skipLocks = false
    }
  })

  it('leaves one state and sends one stream event when the same push arrives three times', async () => {
    const stream = await openStream(server.url, token)
    try {
      const doc = makeInteraction({ id: 'int-replayed', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice' })
      const row = { newDocumentState: doc, assumedMasterState: null }
      for (let i = 0; i < 3; i++) {
        const reply = await tablet.push('interactions', [row])
        expect(reply.status).toBe(200)
        expect(reply.body).toEqual([])
      }
      await stream.waitFor(() => stream.eventsWith('interactions', 'int-replayed').length > 0)
      // A marker write after the replays: once it arrives, any second event would have too.
      await tablet.create('interactions', [makeInteraction({ id: 'int-marker', storeId: 'store-a', associateId: 'assoc-a1', customerId: 'cus-alice' })])
      await stream.waitFor(() => stream.eventsWith('interactions', 'int-marker').length > 0)
      expect(stream.eventsWith('interactions', 'int-replayed')).toHaveLength(1)
      const all = (await tablet.pullAll('interactions')).documents.filter(d => d.id === 'int-replayed')
      expect(all).toHaveLength(1)
    }
    finally {
      await stream.close()
    }
  })

  it('still delivers a document whose updatedAt is a year older than the puller\'s checkpoint', async () => {
    const { checkpoint } = await tablet.pullAll('customers')
    const yearAgo = new Date(Date.now() - 365 * 24 * 3600 * 1000).toISOString()
    const fromSkewedTablet = makeCustomer({ id: SKEWED, firstName: 'Ugo', lastName: 'Skew', updatedAt: yearAgo, createdAt: yearAgo, homeStoreId: 'store-a', lifetimeValueMinor: 0 })
    await tablet.create('customers', [fromSkewedTablet])
    const { documents } = await tablet.pullAll('customers', checkpoint)
    expect(documents.map(d => d.id)).toContain(SKEWED)
  })
})
