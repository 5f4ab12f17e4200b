/**
 * Writes each outbound event's JSON Schema (sync-server/outbound/event-schemas.ts) to
 * docs/events/<type>.schema.json, where an integrator reads them. A unit test regenerates them
 * in memory and fails when the committed files are stale: run `npm run generate:event-schemas`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { EVENT_SCHEMAS } from '../sync-server/outbound/event-schemas'

export const EVENT_SCHEMA_DIR = fileURLToPath(new URL('../docs/events', import.meta.url))

export function eventSchemaFiles(): Record<string, string> {
  return Object.fromEntries(Object.entries(EVENT_SCHEMAS).map(([type, schema]) => [`${type}.schema.json`, `${JSON.stringify(schema, null, 2)}\n`]))
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(EVENT_SCHEMA_DIR, { recursive: true })
  for (const [name, text] of Object.entries(eventSchemaFiles())) writeFileSync(join(EVENT_SCHEMA_DIR, name), text)
  console.log(`Wrote ${Object.keys(EVENT_SCHEMAS).length} event schemas to ${EVENT_SCHEMA_DIR}`)
}
