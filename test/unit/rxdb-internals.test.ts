/**
 * The app leans on RxDB internals (src/db/rxdb-internals.ts). An upgrade must be a decision:
 * the version is pinned, and each internal the adapter hands on must still exist. Whether
 * they still mean the same is what test/server/bootstrap.test.ts proves with a real replication.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as internals from '../../src/db/rxdb-internals'

const pkg = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { version: string, dependencies: Record<string, string> }

describe('the RxDB internals the tablet relies on', () => {
  it('come from the exact RxDB version package.json pins', () => {
    const pinned = pkg('../../package.json').dependencies.rxdb
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/)
    expect(pkg('../../node_modules/rxdb/package.json').version).toBe(pinned)
  })

  it('are all still there', () => {
    for (const name of ['createRevision', 'getChangedDocumentsSince', 'now', 'prepareQuery', 'writeDocToDocState', 'wrapRxStorageInstance'] as const)
      expect(typeof internals[name], name).toBe('function')
    expect(internals.META_INSTANCE_SCHEMA_TITLE).toBe('RxReplicationProtocolMetaData')
  })
})
