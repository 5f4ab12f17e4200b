import { describe, expect, it } from 'vitest'
import { pageToJson } from '../../sync-server/storage/pull'

describe('a pull page\'s response body', () => {
  it('carries the documents as PostgreSQL gave them, accents and emoji included, with the checkpoint', () => {
    const docs = [{ id: 'cus-1', firstName: 'Niccolò', note: 'Caffè ☕ dopo le 18' }, { id: 'cus-2', lastName: 'Łukasz 🇮🇹' }]
    const body = pageToJson({ documents: docs.map(d => JSON.stringify(d)), checkpoint: { seq: 42, id: 'cus-2' } })
    expect(JSON.parse(body.toString('utf8'))).toEqual({ documents: docs, checkpoint: { seq: 42, id: 'cus-2' } })
  })

  it('is an empty page with the checkpoint it was asked from when nothing is new', () => {
    expect(JSON.parse(pageToJson({ documents: [], checkpoint: null }).toString())).toEqual({ documents: [], checkpoint: null })
  })
})
