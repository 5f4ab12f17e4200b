/** A change the server refused for good, as the device page lists it (src/sync/rejections.ts keeps them). */
import type { CollectionName } from '../shared/types'

export interface Rejection {
  collection: CollectionName
  id: string
  code: string
  message: string
  at: string
}
