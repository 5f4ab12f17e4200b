/**
 * Changes the server refused for good, as the screens see them (src/sync/rejections.ts keeps
 * the list): the top bar counts them, the device screen lists them to retry or dismiss.
 */
import type { Rejection } from '../models/rejection'
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { getAppDatabase } from '../db/app-database'
import { dismissRejection, rejections$, retryRejection } from '../sync/rejections'

export const useRejectionsStore = defineStore('rejections', () => {
  const list = ref<Rejection[]>([])
  rejections$.subscribe((next) => {
    list.value = next
  })

  async function retry(rejection: Rejection): Promise<void> {
    await retryRejection(await getAppDatabase(), rejection)
  }

  function dismiss(rejection: Rejection): void {
    dismissRejection(rejection)
  }

  return { list, retry, dismiss }
})
