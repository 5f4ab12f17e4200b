// STUB: owned by the sign-in helper — replace entirely.
import type { AssociateDoc } from '../shared/types'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

export const useSessionStore = defineStore('session', () => {
  const associate = ref<AssociateDoc | null>(null)
  const isSignedIn = computed(() => associate.value !== null)
  const initials = computed(() => associate.value?.displayName.split(' ').map(w => w[0]).join('').slice(0, 2) ?? '')
  function lock(): void {
    associate.value = null
  }
  return { associate, isSignedIn, initials, lock }
})
