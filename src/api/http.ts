/**
 * The sync-server's HTTP conventions on the tablet side: bearer token, JSON, and errors
 * as `{ error: { code, message } }` turned into thrown errors that keep code and status,
 * so the UI can tell a permanent rejection (4xx) from a transient failure.
 */
import type { BodyOf, Endpoint, ReplyOf } from '../shared/endpoints'
import { AppError, isErrorCode } from '../shared/errors'

/** A server error whose code this build doesn't know (a newer server, a proxy's page). */
export class SyncHttpError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'SyncHttpError'
  }
}

export type SyncError = AppError | SyncHttpError

export interface HttpContext {
  baseUrl: string
  token: string
  fetch: typeof fetch
  onAuthError?: (code: string) => void
  /** aborts every request (replication cancelled) */
  signal: AbortSignal
  /** ms before a request that got no answer is abandoned, so a dead connection can't stall a replication */
  timeout: number
}

export function normaliseBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '')
}

export function authHeaders(ctx: Pick<HttpContext, 'token'>, extra: Record<string, string> = {}): Record<string, string> {
  return { Authorization: `Bearer ${ctx.token}`, ...extra }
}

/** Reads an error response; calls onAuthError on 401 so the app can lock or wipe the device. */
export async function errorFromResponse(res: Response, onAuthError?: (code: string) => void): Promise<SyncError> {
  let code = `http-${res.status}`
  let message = `The sync-server answered ${res.status} ${res.statusText}`.trim()
  let details: Record<string, unknown> | undefined
  try {
    const body = await res.json() as { error?: { code?: unknown, message?: unknown, details?: Record<string, unknown> } }
    if (body?.error && typeof body.error.code === 'string') {
      code = body.error.code
      if (typeof body.error.message === 'string')
        message = body.error.message
      details = body.error.details
    }
  }
  catch {
    // Not JSON (a proxy's error page): keep the generic code and message.
  }
  if (res.status === 401)
    onAuthError?.(code)
  return isErrorCode(code) ? new AppError(code, message, details) : new SyncHttpError(code, message, res.status, details)
}

// One 'abort' listener per parent signal, fanned out: thirteen collections' concurrent requests
// would otherwise trip Node's MaxListenersExceededWarning on the shared signal.
const dependants = new WeakMap<AbortSignal, Set<() => void>>()

function onAbort(parent: AbortSignal, fn: () => void): () => void {
  let set = dependants.get(parent)
  if (!set) {
    const fns = new Set<() => void>()
    set = fns
    dependants.set(parent, fns)
    parent.addEventListener('abort', () => fns.forEach(f => f()), { once: true })
  }
  set.add(fn)
  return () => set.delete(fn)
}

/** An AbortSignal that fires on the parent's abort or after `ms`; call `done` to release the timer. */
function linkedSignal(parent: AbortSignal, ms: number): { signal: AbortSignal, done: () => void } {
  const controller = new AbortController()
  if (parent.aborted)
    controller.abort(parent.reason)
  const off = onAbort(parent, () => controller.abort(parent.reason))
  const timer = ms > 0 && Number.isFinite(ms)
    ? setTimeout(() => controller.abort(new SyncHttpError('timeout', `No answer from the sync-server within ${ms} ms`, 0)), ms)
    : undefined
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(timer)
      off()
    },
  }
}

export async function requestJson<T>(ctx: HttpContext, path: string, init: { method?: string, body?: unknown, headers?: Record<string, string> } = {}): Promise<T> {
  const { signal, done } = linkedSignal(ctx.signal, ctx.timeout)
  try {
    const res = await ctx.fetch(`${ctx.baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: authHeaders(ctx, { Accept: 'application/json', ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...init.headers }),
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal,
    })
    if (!res.ok)
      throw await errorFromResponse(res, ctx.onAuthError)
    return res.status === 204 ? undefined as T : await res.json() as T
  }
  finally {
    done()
  }
}

export interface EndpointCall<E extends Endpoint> {
  /** values for the route's `:name` parts */
  params?: Record<string, string>
  query?: Record<string, string>
  body?: BodyOf<E>
  headers?: Record<string, string>
}

/**
 * A call to one endpoint of the contract (src/shared/endpoints.ts): the method and path come
 * from its name, the body and the reply are typed by it, and path parameters are encoded.
 */
export function callEndpoint<E extends Endpoint>(ctx: HttpContext, endpoint: E, call: EndpointCall<E> = {}): Promise<ReplyOf<E>> {
  const [method, template] = endpoint.split(' ') as [string, string]
  const path = template.replace(/:(\w+)/g, (_, name: string) => {
    const value = call.params?.[name]
    if (value === undefined)
      throw new Error(`${endpoint} needs the parameter ${name}`)
    return encodeURIComponent(value)
  })
  const query = call.query ? `?${new URLSearchParams(call.query)}` : ''
  return requestJson<ReplyOf<E>>(ctx, path + query, { method, body: call.body, headers: call.headers })
}
