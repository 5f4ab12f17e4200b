// STUB: owned by the sync/enrollment helper — replace entirely.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

export interface Enrollment {
  deviceId: string
  token: string
  storeId: string
  /** '' when the sync-server is the app's own origin */
  serverUrl: string
  name: string
  enrolledAt: string
}

export const useDeviceStore = defineStore('device', () => {
  const enrollment = ref<Enrollment | null>(null)
  const storeName = ref('')
  const isEnrolled = computed(() => enrollment.value !== null)
  return { enrollment, storeName, isEnrolled }
})
