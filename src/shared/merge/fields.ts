/**
 * Generic three-way merge of document fields (docs/DESIGN.md, invariant 3).
 *
 * The assumed master is the base the tablet edited from. A field whose value in the
 * tablet's new state differs from that base was changed on the tablet and wins, even when
 * the master changed it too: the associate made that edit in front of the customer. A
 * field the tablet left alone takes the master's value, so what the web or another tablet
 * wrote meanwhile survives. Plain objects merge key by key; string arrays that are sets
 * merge by membership (master + added by the tablet − removed by the tablet), so neither
 * side's additions are lost.
 *
 * With no base (a first push, or a re-push after a new replication identifier) every
 * value the tablet has counts as changed: objects become a union with the tablet winning
 * per key, sets a plain union. That is exactly a merge against an empty base, which is why
 * a missing base is modelled as `undefined` all the way down.
 */
import type { BaseDoc, WithDeleted } from '../types'
import { deepEqual } from '../equal'

export interface FieldRules {
  /** dotted paths of string arrays that are sets */
  sets?: readonly string[]
  /** dotted paths where the master's value always stands (server-written or immutable) */
  keepMaster?: readonly string[]
}

type Plain = Record<string, unknown>

function isPlainObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

export function mergeSet(assumed: readonly string[] | undefined, master: readonly string[], next: readonly string[]): string[] {
  const base = new Set(assumed ?? [])
  const kept = new Set(next)
  const out = new Set([...master].filter(v => !base.has(v) || kept.has(v)))
  for (const v of next) {
    if (!base.has(v))
      out.add(v)
  }
  return [...out]
}

function mergeValue(assumed: unknown, master: unknown, next: unknown, path: string, rules: FieldRules): unknown {
  if (rules.keepMaster?.includes(path))
    return master
  if (rules.sets?.includes(path))
    return mergeSet(assumed === undefined ? undefined : asStrings(assumed), asStrings(master), asStrings(next))
  if (deepEqual(assumed, next))
    return master
  if (isPlainObject(master) && isPlainObject(next) && (assumed === undefined || isPlainObject(assumed)))
    return mergeObject(assumed, master, next, path, rules)
  return next
}

function mergeObject(assumed: Plain | undefined, master: Plain, next: Plain, path: string, rules: FieldRules): Plain {
  const out: Plain = {}
  for (const key of new Set([...Object.keys(master), ...Object.keys(next)])) {
    const value = mergeValue(assumed?.[key], master[key], next[key], path ? `${path}.${key}` : key, rules)
    if (value !== undefined)
      out[key] = value
  }
  return out
}

/** Milliseconds between two ISO instants; falls back to string order if one does not parse. */
export function compareIso(a: string, b: string): number {
  const ta = Date.parse(a)
  const tb = Date.parse(b)
  if (Number.isNaN(ta) || Number.isNaN(tb))
    return a < b ? -1 : a > b ? 1 : 0
  return ta - tb
}

export function laterIso(a: string, b: string): string {
  return compareIso(b, a) > 0 ? b : a
}

/**
 * A master deletion is the server's (an erasure, or a customer merged into another) and
 * stands. Otherwise only a deletion the tablet made itself counts.
 */
export function mergeDeleted(
  assumed: { _deleted?: boolean } | null,
  master: { _deleted?: boolean },
  next: { _deleted?: boolean },
): boolean {
  if (master._deleted)
    return true
  return !!next._deleted && !assumed?._deleted
}

/**
 * Whole-document merge: fields three-way, `updatedAt` the later of the two sides (it is
 * for display only, and a merge must not invent a timestamp), `_deleted` as above.
 * The result shares nothing with the inputs.
 */
export function mergeFields<T extends BaseDoc>(
  assumed: WithDeleted<T> | null,
  master: WithDeleted<T>,
  next: WithDeleted<T>,
  rules: FieldRules = {},
): WithDeleted<T> {
  const keepMaster = [...(rules.keepMaster ?? []), 'updatedAt', '_deleted']
  const plain = (doc: WithDeleted<T>) => doc as unknown as Plain
  const merged = mergeObject(assumed ? plain(assumed) : undefined, plain(master), plain(next), '', { ...rules, keepMaster })
  return structuredClone({
    ...merged,
    updatedAt: laterIso(master.updatedAt, next.updatedAt),
    _deleted: mergeDeleted(assumed, master, next),
  }) as unknown as WithDeleted<T>
}
