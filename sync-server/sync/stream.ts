/**
 * Live updates: one Server-Sent Events stream per device for all collections.
 *
 * Each connection keeps a cursor per collection, starting at the safe position when it
 * opens (the tablet pulls everything before that itself, after it receives the stream's
 * first bytes and emits RESYNC). When any instance commits a change it announces the
 * collections it touched and its position, locally and through PostgreSQL NOTIFY for the
 * other instances; each connection then runs the same scoped pull as the pull endpoint from
 * its cursors, so a stream event can never carry a document the device may not see, and
 * customers entering the store's book arrive with all their documents.
 * A writer announces only once its change is below the safe position (storage/writer.ts),
 * so the pulls a notice starts find it.
 */
import type { ServerResponse } from 'node:http'
import type { CollectionName } from '../../src/shared/types'
import type { Device } from '../auth/devices'
import type { Database } from '../storage/db'
import type { Checkpoint } from '../../src/shared/protocol'
import { COLLECTIONS } from '../../src/shared/collections'
import type { PullPage } from '../storage/pull'
import { historyFrom, readPullPage, safePosition } from '../storage/pull'
import type { ChangeNotice } from '../storage/writer'
import { CHANGES_CHANNEL } from '../storage/writer'

const PAGE = 500
const HEARTBEAT_MS = 20_000

interface Connection {
  device: Device
  out: ServerResponse
  cursors: Map<CollectionName, Checkpoint>
  pending: Set<CollectionName>
  pumping: boolean
  closed: boolean
}

export class StreamHub {
  private readonly connections = new Set<Connection>()
  private unlisten: (() => Promise<void>) | null = null
  private heartbeat: NodeJS.Timeout | null = null
  private readonly onLocal = (collections: CollectionName[]) => this.announce(collections)
  /**
   * Pulls under way, by store, collection and cursor: the tablets of one store usually sit at
   * the same cursor, so one change costs one query per store rather than one per tablet.
   */
  private readonly inFlight = new Map<string, Promise<PullPage>>()

  /** `historyMonths`: the tablets' history window (TABLET_HISTORY_MONTHS; 0 keeps all of it) */
  constructor(private readonly db: Database, private readonly historyMonths = 0) {}

  async start(): Promise<void> {
    this.db.changes.on('changes', this.onLocal)
    if (this.db.kind === 'postgres') {
      this.unlisten = await this.db.listen(CHANGES_CHANNEL, (payload) => {
        try {
          this.announce((JSON.parse(payload) as ChangeNotice).collections)
        }
        catch {
          this.announce([...COLLECTIONS])
        }
      })
    }
    this.heartbeat = setInterval(() => {
      for (const c of this.connections) c.out.write(': ping\n\n')
    }, HEARTBEAT_MS)
    this.heartbeat.unref()
  }

  async stop(): Promise<void> {
    this.db.changes.off('changes', this.onLocal)
    if (this.heartbeat)
      clearInterval(this.heartbeat)
    await this.unlisten?.()
    for (const c of this.connections) {
      c.closed = true
      c.out.end()
    }
    this.connections.clear()
  }

  /** Ends a revoked device's streams at once: its reconnect is then refused and it wipes itself. */
  closeDevice(deviceId: string): void {
    for (const c of this.connections) {
      if (c.device.id === deviceId) {
        c.closed = true
        c.out.end()
        this.connections.delete(c)
      }
    }
  }

  get size(): number {
    return this.connections.size
  }

  async open(device: Device, out: ServerResponse): Promise<void> {
    // From the safe position: (head, '') sorts before every row at the head (ids are never
    // empty) and after every row below it, which are final and the tablet's own pull brings.
    const head = await safePosition(this.db)
    const connection: Connection = {
      device,
      out,
      cursors: new Map(COLLECTIONS.map(c => [c, { seq: head, id: '' }])),
      pending: new Set(),
      pumping: false,
      closed: false,
    }
    out.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'Connection': 'keep-alive',
      'X-Accel-Buffering': 'no',
    })
    out.write(': connected\n\n')
    this.connections.add(connection)
    out.on('close', () => {
      connection.closed = true
      this.connections.delete(connection)
    })
  }

  private announce(collections: CollectionName[]): void {
    for (const c of this.connections) {
      collections.forEach(name => c.pending.add(name))
      void this.pump(c)
    }
  }

  private async pump(c: Connection): Promise<void> {
    if (c.pumping)
      return
    c.pumping = true
    try {
      while (c.pending.size && !c.closed) {
        const [collection] = c.pending
        c.pending.delete(collection!)
        await this.drain(c, collection!)
      }
    }
    catch {
      // The tablet catches up by pulling after it reconnects: end the stream rather than
      // leave it silently behind.
      c.closed = true
      c.out.end()
    }
    finally {
      c.pumping = false
    }
  }

  private async drain(c: Connection, collection: CollectionName): Promise<void> {
    for (;;) {
      const page = await this.sharedPull(c.device.storeId, collection, c.cursors.get(collection)!)
      if (!page.documents.length || c.closed)
        return
      c.cursors.set(collection, page.checkpoint!)
      c.out.write(`data: {"collection":${JSON.stringify(collection)},"documents":[${page.documents.join(',')}],"checkpoint":${JSON.stringify(page.checkpoint)}}\n\n`)
      if (page.documents.length < PAGE)
        return
    }
  }

  private sharedPull(storeId: string, collection: CollectionName, checkpoint: Checkpoint): Promise<PullPage> {
    const key = `${storeId}\u0000${collection}\u0000${checkpoint.seq}\u0000${checkpoint.id}`
    let page = this.inFlight.get(key)
    if (!page) {
      page = readPullPage(this.db, { collection, storeId, checkpoint, limit: PAGE, historyFrom: historyFrom(this.historyMonths) })
      this.inFlight.set(key, page)
      const forget = () => this.inFlight.delete(key)
      page.then(forget, forget)
    }
    return page
  }
}
