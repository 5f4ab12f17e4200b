import type { SyncErrorInfo } from '../../stores/sync'
import { formatDate, formatTime, t } from '../../i18n'

/** The sentence an associate reads for a sync problem. */
export function syncErrorText(error: SyncErrorInfo): string {
  if (error.kind === 'auth')
    return t(error.code === 'device-revoked' ? 'sync.errors.device-revoked' : 'sync.errors.unauthorized')
  return t(`sync.errors.${error.kind}`, { message: error.message })
}

/** "10:42" today, "3 Mar, 10:42" on another day. */
export function syncedAtText(iso: string, now: Date = new Date()): string {
  const at = new Date(iso)
  return at.toDateString() === now.toDateString()
    ? formatTime(at)
    : formatDate(at, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
}
