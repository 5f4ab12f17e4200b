/**
 * `npm run sync-server -- api-key create|list|revoke`: what each verb asks and prints. Run by
 * the CLI on the database, or by a server running on the embedded database for the CLI (the
 * local door in routes/local-admin.ts), so both print the same.
 */
import type { Sql } from '../storage/db'
import type { ApiKey } from './api-keys'
import { createApiKey, listApiKeys, readScopes, revokeApiKey } from './api-keys'

export type ApiKeyRequest = { verb: 'create', name: string, scopes: string } | { verb: 'list' } | { verb: 'revoke', id: string }
export type ApiKeyAnswer = { verb: 'create', apiKey: ApiKey, key: string } | { verb: 'list', apiKeys: ApiKey[] } | { verb: 'revoke', apiKey: ApiKey }

export function apiKeyRequest(verb: string, values: { name?: string, scopes?: string, id?: string }): ApiKeyRequest {
  if (verb === 'create' && values.name && values.scopes)
    return { verb, name: values.name, scopes: values.scopes }
  if (verb === 'list')
    return { verb }
  if (verb === 'revoke' && values.id)
    return { verb, id: values.id }
  throw new Error('api-key create --name <name> --scopes <events:write,profiles:read,notes:write> | api-key list | api-key revoke --id <id>')
}

export async function runApiKeyCommand(sql: Sql, request: ApiKeyRequest): Promise<ApiKeyAnswer> {
  if (request.verb === 'create')
    return { verb: 'create', ...await createApiKey(sql, { name: request.name, scopes: readScopes(request.scopes) }) }
  if (request.verb === 'list')
    return { verb: 'list', apiKeys: await listApiKeys(sql) }
  return { verb: 'revoke', apiKey: await revokeApiKey(sql, request.id) }
}

export function printApiKeyAnswer(answer: ApiKeyAnswer): void {
  if (answer.verb === 'create') {
    console.log(`API key ${answer.apiKey.id} for ${answer.apiKey.name} (${answer.apiKey.scopes.join(', ')}), shown only now:`)
    console.log(answer.key)
  }
  else if (answer.verb === 'list') {
    for (const k of answer.apiKeys)
      console.log(`${k.id}  ${k.name.padEnd(24)} ${k.scopes.join(',').padEnd(40)} created ${k.createdAt}  last used ${k.lastUsedAt ?? 'never'}${k.revokedAt ? `  REVOKED ${k.revokedAt}` : ''}`)
  }
  else {
    console.log(`Revoked API key ${answer.apiKey.id} (${answer.apiKey.name}): calls with it are refused from now on.`)
  }
}
