/**
 * Enrolling, resetting and wiping this tablet: each changes the device's enrollment and
 * starts or stops the replication, so it lives above both stores (which then import neither
 * each other nor anything that imports them back).
 *
 * A reset deletes the local database and the enrollment, and is refused while changes are
 * pending or refused changes wait to be looked at: nothing an associate did may be lost
 * (docs/DESIGN.md, invariant 5). A wipe (the server revoked the tablet) takes everything,
 * pending or not: a lost or stolen tablet's unsent work is not worth the customers' data.
 */
import { t } from '../i18n'
import { useDeviceStore } from '../stores/device'
import { useRejectionsStore } from '../stores/rejections'
import { useSyncStore } from '../stores/sync'

export type ResetResult = { ok: true } | { ok: false, reason: string }

export function useDeviceLifecycle() {
  const device = useDeviceStore()
  const sync = useSyncStore()

  async function enroll(code: string, name: string, serverUrl = ''): Promise<boolean> {
    if (!await device.enroll(code, name, serverUrl))
      return false
    void sync.start()
    return true
  }

  async function reset(): Promise<ResetResult> {
    let pending: number
    try {
      pending = await sync.refreshPending()
    }
    catch {
      return { ok: false, reason: t('device.resetUnknownPending') }
    }
    if (pending > 0)
      return { ok: false, reason: t('device.resetRefused', { count: pending }) }
    // A refused change exists on this tablet only: someone must look at it before it goes.
    const refused = useRejectionsStore().list.length
    if (refused > 0)
      return { ok: false, reason: t('device.resetRejected', { count: refused }) }
    await sync.stop()
    // Re-check after the replication stopped: a write may have landed in between.
    const after = await sync.refreshPending().catch(() => 1)
    if (after > 0) {
      void sync.start()
      return { ok: false, reason: t('device.resetRefused', { count: after }) }
    }
    await device.forgetEnrollment()
    sync.forget()
    return { ok: true }
  }

  async function wipe(): Promise<void> {
    await sync.stop().catch(() => {})
    await device.wipeData()
  }

  return { enroll, reset, wipe }
}
