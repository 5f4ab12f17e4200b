/**
 * Not a store: the lookup store's (./lookup.ts) pinning of another store's customer — the
 * server is asked to add them to this store's book, then the tablet waits for the
 * replication to bring them. Each customer's state is a `PinState`; a pin that the server
 * took but whose customer has not arrived within a minute is 'slow', not failed: the
 * replication brings them later, even after a restart.
 */
import type { ServerContext } from '../api/customers'
import type { OnlineFailure } from '../api/online'
import type { PinReason } from '../shared/protocol'
import { ref } from 'vue'
import { pinCustomer } from '../api/customers'
import { onlineFailure } from '../api/online'
import { waitForCustomer } from '../db/customers'

export type PinState = 'pinning' | 'downloading' | 'slow' | 'failed'

const PIN_WAIT_MS = 60_000

export interface PinningDeps {
  server: () => ServerContext | null
  /** the associate's online session, which pinning needs */
  sessionToken: () => string | null
  /** no session to pin with */
  needsSession: () => void
  /** the server refused or could not be reached */
  failed: (failure: OnlineFailure) => void
  /** the customer is on this tablet now */
  pinned: (customerId: string) => void
}

export function createPinning(deps: PinningDeps) {
  const pins = ref<Record<string, PinState>>({})

  const set = (customerId: string, state: PinState) => {
    pins.value = { ...pins.value, [customerId]: state }
  }

  /** Pins a customer of another store (with why, unless this is their home store) and resolves true once they are on this tablet. */
  async function pin(customerId: string, reason: PinReason | null): Promise<boolean> {
    const ctx = deps.server()
    const token = deps.sessionToken()
    if (!ctx || !token) {
      deps.needsSession()
      return false
    }
    set(customerId, 'pinning')
    try {
      await pinCustomer(ctx, token, customerId, reason)
    }
    catch (error) {
      deps.failed(onlineFailure(error))
      set(customerId, 'failed')
      return false
    }
    set(customerId, 'downloading')
    try {
      await waitForCustomer(customerId, PIN_WAIT_MS)
    }
    catch {
      set(customerId, 'slow')
      return false
    }
    const { [customerId]: _done, ...rest } = pins.value
    pins.value = rest
    deps.pinned(customerId)
    return true
  }

  return { pins, pin }
}
