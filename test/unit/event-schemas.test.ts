import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { EVENT_SCHEMA_DIR, eventSchemaFiles } from '../../scripts/generate-event-schemas'

describe('the published schemas of outbound events (docs/events/)', () => {
  it('are the ones the code describes: run `npm run generate:event-schemas` after changing an event', () => {
    const files = eventSchemaFiles()
    expect(readdirSync(EVENT_SCHEMA_DIR).sort()).toEqual(Object.keys(files).sort())
    for (const [name, text] of Object.entries(files))
      expect([name, readFileSync(join(EVENT_SCHEMA_DIR, name), 'utf8')]).toEqual([name, text])
  })

  it('each compile as JSON Schema 2020-12 and refuse an event of another type', () => {
    const ajv = addFormats(new Ajv2020({ strict: false }))
    for (const [name, text] of Object.entries(eventSchemaFiles())) {
      const validate = ajv.compile(JSON.parse(text) as object)
      expect([name, validate({ id: 'x', type: 'something.else', occurredAt: new Date().toISOString(), data: {} })]).toEqual([name, false])
    }
  })
})
