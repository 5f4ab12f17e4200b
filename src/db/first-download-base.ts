/**
 * The base of a three-way merge for documents the first download wrote without one.
 *
 * The first download writes no master states (./rxdb-internals.ts, the first-download band):
 * the document as downloaded *is* the server's state, until this tablet writes it. So the
 * first local write of a document still in the band writes that state as its master state,
 * just before the write — what RxDB's downstream would have written when it pulled it. The
 * upstream then pushes the edit against that base, and a change another tablet made
 * meanwhile survives the merge (src/shared/merge). Writes of the replication itself and of
 * the first download carry their own bookkeeping and pass untouched. A crash between the two
 * writes leaves a base equal to the document: harmless, it is the server's state.
 *
 * A storage wrapper, outermost (documents are plain here); it needs the replication's meta
 * instances, which ../sync/replication.ts registers for its database while it runs.
 */
import type { BulkWriteRow, RxDocumentData, RxStorage, RxStorageInstance } from 'rxdb'
import type { CollectionName } from '../shared/types'
import type { AnyCollection, MetaInstance } from './rxdb-internals'
import type { ClientelingDatabase } from './types'
import { collectionRules, COLLECTIONS } from '../shared/collections'
import { inDownloadBand, masterStateOf, openMetaInstance } from './rxdb-internals'
import { SERVER_STATE_WRITE } from './validation'

interface Target {
  db: ClientelingDatabase
  identifierFor: (c: CollectionName) => string
  metas: Map<CollectionName, Promise<MetaInstance>>
}

const targets = new Map<string, Target>()

/**
 * Where the bases of `db`'s collections go: the meta instances of the replication
 * `identifierFor` names. Kept until the database closes (or another registration replaces it),
 * so an edit made while no replication runs — offline, before the next start — gets its base too.
 */
export function registerFirstDownloadBases(db: ClientelingDatabase, identifierFor: (c: CollectionName) => string): void {
  const previous = targets.get(db.name)
  if (previous?.db === db && previous.identifierFor('customers') === identifierFor('customers'))
    return
  const target: Target = { db, identifierFor, metas: new Map() }
  targets.set(db.name, target)
  if (previous)
    void closeMetas(previous)
  // Closed with the database (before its storage): nothing else would close them.
  db.onClose.push(async () => {
    if (targets.get(db.name) === target)
      targets.delete(db.name)
    await closeMetas(target)
  })
}

async function closeMetas(target: Target): Promise<void> {
  const metas = [...target.metas.values()]
  target.metas.clear()
  await Promise.all(metas.map(m => m.then(meta => meta.close(), () => undefined)))
}

function metaFor(target: Target, c: CollectionName): Promise<MetaInstance> {
  let meta = target.metas.get(c)
  if (!meta) {
    meta = openMetaInstance(target.db, target.db[c] as AnyCollection, target.identifierFor(c))
    target.metas.set(c, meta)
  }
  return meta
}

/** The replication's and the first download's own writes (RxDB's contexts all start so). */
function isBookkeeping(context: string): boolean {
  return context === SERVER_STATE_WRITE || context.startsWith('replication-')
}

async function writeBases(databaseName: string, c: CollectionName, rows: BulkWriteRow<{ id: string }>[]): Promise<void> {
  const target = targets.get(databaseName)
  const band = rows.flatMap(row => (row.previous && inDownloadBand(row.previous) ? [row.previous] : []))
  if (!target || !band.length)
    return
  const meta = await metaFor(target, c)
  // A base already there (409) is the older one and stays.
  await meta.bulkWrite(band.map(doc => masterStateOf(meta, doc as RxDocumentData<{ id: string }>, target.db.token)), 'first-download-base')
}

export function withFirstDownloadBases<I, C>(storage: RxStorage<I, C>): RxStorage<I, C> {
  const pushed: readonly string[] = COLLECTIONS.filter(c => collectionRules[c].deviceWritable)
  return {
    ...storage,
    async createStorageInstance(params) {
      const instance = await storage.createStorageInstance(params)
      const c = params.collectionName as CollectionName
      if (!pushed.includes(c))
        return instance
      const write = instance.bulkWrite.bind(instance) as unknown as RxStorageInstance<{ id: string }, I, C>['bulkWrite']
      // RxDB's class instance: its own method replaced, so `this` stays the instance elsewhere.
      instance.bulkWrite = (async (rows: BulkWriteRow<{ id: string }>[], context: string) => {
        if (!isBookkeeping(context))
          await writeBases(params.databaseName, c, rows)
        return write(rows, context)
      }) as unknown as typeof instance.bulkWrite
      return instance
    },
  }
}
