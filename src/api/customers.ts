/**
 * The tablet's online calls about customers, beyond its own book: the server's search across
 * every store, putting a customer into this store's book, and resending a receipt. Each needs
 * the network and the signed-in associate's server session; personal data travels in bodies,
 * never in URLs.
 */
import type { BookSearchHit, CustomerSearchHit, PinReason } from '../shared/protocol'
import type { HttpContext } from './http'
import type { ReplyOf } from '../shared/endpoints'
import { callEndpoint, normaliseBaseUrl } from './http'

export interface ServerContext {
  /** '' for the app's own origin */
  baseUrl: string
  token: string
  signal?: AbortSignal
}

const ONLINE_TIMEOUT_MS = 8000

export function http(ctx: ServerContext): HttpContext {
  return {
    baseUrl: normaliseBaseUrl(ctx.baseUrl),
    token: ctx.token,
    // Looked up at call time so tests (and a later polyfill) can replace the global.
    fetch: (input, init) => fetch(input, init),
    signal: ctx.signal ?? new AbortController().signal,
    timeout: ONLINE_TIMEOUT_MS,
  }
}

/** The signed-in associate's server session (stores/associate-session.ts), for what reaches beyond the book. */
const withSession = (session: string) => ({ 'X-Associate-Session': session })

/** The server's search across every store (contacts masked); needs the network and a session. */
export async function searchCustomersOnline(ctx: ServerContext, session: string, q: string): Promise<CustomerSearchHit[]> {
  return (await callEndpoint(http(ctx), 'POST /api/customers/search', { body: { q }, headers: withSession(session) })).customers
}

/**
 * The store's own book searched by the server, for a new tablet whose customers are still
 * arriving (stores/lookup.ts). Needs the network, not a session: it is this store's book.
 */
export async function searchBookOnline(ctx: ServerContext, q: string): Promise<BookSearchHit[]> {
  return (await callEndpoint(http(ctx), 'POST /api/customers/book-search', { body: { q } })).customers
}

/** Sends a store order's receipt again, to a corrected address; the order's status then replicates back. */
export async function resendReceipt(ctx: ServerContext, session: string, orderId: string, email: string): Promise<void> {
  await callEndpoint(http(ctx), 'POST /api/orders/:id/receipt', { params: { id: orderId }, body: { email }, headers: withSession(session) })
}

/** Puts a customer found by a search into this store's book, saying why; replication then brings them to the tablet. */
export async function pinCustomer(ctx: ServerContext, session: string, customerId: string, reason: PinReason | null): Promise<void> {
  await callEndpoint(http(ctx), 'POST /api/customers/:id/pin', { params: { id: customerId }, body: reason ? { reason } : {}, headers: withSession(session) })
}

/**
 * One customer's history from the server, as this store's tablets get it: in the tablet's
 * window (for a profile opened before the first download's history arrived), or, `older`,
 * what is older than the window. Needs the network, not a session: it is this store's book.
 */
export async function fetchCustomerHistory(ctx: ServerContext, customerId: string, older = false): Promise<ReplyOf<'GET /api/customers/:id/history'>> {
  return await callEndpoint(http(ctx), 'GET /api/customers/:id/history', { params: { id: customerId }, ...(older ? { query: { older: '1' } } : {}) })
}
