/**
 * ULIDs for rows the server makes (audit entries, merges, sessions). ulid's own generator asks
 * the crypto module for every one of a ULID's 16 random characters; under push load that was
 * 5 % of the server's CPU (a profile of bench:chain). Drawing the same cryptographic randomness
 * from a pooled buffer costs one call per 4 KiB.
 */
import { randomBytes } from 'node:crypto'
import { ulid } from 'ulid'

let pool = Buffer.alloc(0)
let at = 0

function pooledRandom(): number {
  if (at >= pool.length) {
    pool = randomBytes(4096)
    at = 0
  }
  return pool[at++]! / 256
}

export function newId(): string {
  return ulid(Date.now(), pooledRandom)
}
