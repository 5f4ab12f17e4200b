/**
 * A note from another touchpoint (a contact-centre agent, the web shop's service desk) about a
 * customer: an interaction of type `note` with its `source` and no visit (`visitId` is
 * `touchpoint`), so it replicates like the store's own notes — to every store whose book holds
 * the customer — and the profile shows it with where it came from. Shared by nature: it was
 * written outside the store. A merged-away id lands on the survivor.
 */
import type { InteractionDoc, NoteSource } from '../../src/shared/types'
import type { Database } from '../storage/db'
import type { AnyDoc } from '../storage/writer'
import { recordAudit } from '../audit/log'
import { newId } from '../core/ids'
import { withWriter } from '../storage/writer'
import { AppError } from '../../src/shared/errors'
import { liveCustomer } from './profile'

export const TOUCHPOINT_VISIT = 'touchpoint'

/** Who wrote it: an integration's API key, or a contact-centre agent's head-office account. */
export type NoteAuthor = { apiKeyId: string } | { officeAccountId: string }

export async function addTouchpointNote(db: Database, customerId: string, input: { text: string, source: NoteSource }, author: NoteAuthor): Promise<InteractionDoc> {
  const text = input.text.trim()
  if (!text || text.length > 2000)
    throw new AppError('invalid-request', 'A note has 1 to 2,000 characters.')
  const customer = await liveCustomer(db, customerId)
  if (!customer)
    throw new AppError('not-found', `There is no customer ${customerId}.`)
  const now = new Date().toISOString()
  const note: InteractionDoc = {
    id: newId(),
    updatedAt: now,
    visitId: TOUCHPOINT_VISIT,
    // The customer's home store holds it (web shoppers: the online shop); the book takes it to the others.
    storeId: customer.homeStoreId ?? 'online',
    customerId: customer.id,
    associateId: 'apiKeyId' in author ? `api:${author.apiKeyId}` : `office:${author.officeAccountId}`,
    type: 'note',
    sku: null,
    size: null,
    text,
    dueAt: null,
    at: now,
    shared: true,
    source: input.source,
  }
  await withWriter(db, async (w) => {
    await w.write('interactions', [note as unknown as AnyDoc])
    await recordAudit(w, { deviceId: null, associateId: null, ...author, customerId: customer.id, action: 'interaction', detail: input.source })
  })
  return note
}
