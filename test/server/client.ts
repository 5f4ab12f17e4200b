/** A thin HTTP client for the sync-server's contract, as a tablet or the web shop would call it. */
import type { Checkpoint, CommerceEvent } from '../../src/shared/protocol'
import { sign } from '../../sync-server/outbound/signature'
import { COMMERCE_SECRET } from './harness'

export type Doc = Record<string, unknown> & { id: string }
/** any document going out: typed documents have no index signature */
export type DocIn = object & { id: string }

export interface Reply<T = unknown> { status: number, body: T, headers: Headers }

/** `session`: an associate's server-checked session token (X-Associate-Session), for what needs one. */
export function apiClient(url: string, token?: string, session?: string) {
  const auth: Record<string, string> = { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(session ? { 'X-Associate-Session': session } : {}) }

  async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { ...auth, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    const text = await response.text()
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers }
  }

  async function pull(collection: string, checkpoint: Checkpoint | null = null, limit = 100) {
    const qs = `checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}&limit=${limit}`
    return request<{ documents: Doc[], checkpoint: Checkpoint | null }>('GET', `/api/sync/${collection}/pull?${qs}`)
  }

  async function pullAll(collection: string, from: Checkpoint | null = null, limit = 100) {
    const documents: Doc[] = []
    let checkpoint = from
    for (;;) {
      const page = await pull(collection, checkpoint, limit)
      if (page.status !== 200)
        throw new Error(`pull ${collection}: ${page.status} ${JSON.stringify(page.body)}`)
      documents.push(...page.body.documents)
      checkpoint = page.body.checkpoint
      if (page.body.documents.length < limit)
        return { documents, checkpoint }
    }
  }

  function push(collection: string, rows: Array<{ newDocumentState: DocIn, assumedMasterState: DocIn | null }>) {
    return request<Doc[]>('POST', `/api/sync/${collection}/push`, rows)
  }

  /** Pushes new documents (no assumed master) and expects no conflicts. */
  async function create(collection: string, docs: DocIn[]) {
    const reply = await push(collection, docs.map(d => ({ newDocumentState: { ...d, _deleted: false }, assumedMasterState: null })))
    if (reply.status !== 200 || reply.body.length)
      throw new Error(`create ${collection}: ${reply.status} ${JSON.stringify(reply.body)}`)
  }

  function commerce(event: CommerceEvent | string, secret = COMMERCE_SECRET) {
    const raw = typeof event === 'string' ? event : JSON.stringify(event)
    return request<{ id: string, outcome: string }>('POST', '/api/commerce/events', raw, { 'X-Signature': sign(secret, raw) })
  }

  /** The same tablet with an associate signed in on the server (PIN checked there); throws if refused. */
  async function signIn(associateId: string, pin: string) {
    const reply = await request<{ token: string }>('POST', '/api/sessions', { associateId, pin })
    if (reply.status !== 201)
      throw new Error(`sign-in ${associateId}: ${reply.status} ${JSON.stringify(reply.body)}`)
    return apiClient(url, token, reply.body.token)
  }

  /** A batch of events as one signed body: one result per event. */
  function commerceBatch(events: unknown[], secret = COMMERCE_SECRET) {
    const raw = JSON.stringify(events)
    return request<{ results: Array<{ id: string | null, outcome: string, error?: { code: string, message: string } }>, error?: { code: string } }>('POST', '/api/commerce/events', raw, { 'X-Signature': sign(secret, raw) })
  }

  return { request, pull, pullAll, push, create, commerce, commerceBatch, signIn }
}
