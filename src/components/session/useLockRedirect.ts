/**
 * Locking (the avatar in the top bar, or inactivity) must hide customer data at once, not
 * at the next navigation: when the associate goes away on a screen that needs one, go to
 * the lock screen and remember where to come back to.
 */
import { watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { useSessionStore } from '../../stores/session'

export function useLockRedirect(): void {
  const session = useSessionStore()
  const route = useRoute()
  const router = useRouter()
  watch(() => session.isSignedIn, (signedIn) => {
    if (!signedIn && route.meta.auth)
      void router.replace({ name: 'lock', query: { redirect: route.fullPath } })
  })
}

/** Only a path of this app: never another origin ("//evil.example") nor the lock screen itself. */
export function safeRedirect(value: unknown): string {
  const path = Array.isArray(value) ? value[0] : value
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/lock'))
    return '/'
  return path
}
