/** How associates are listed and shown on the shared tablet's lock screen. */
import type { AssociateDoc } from '../shared/types'

/** Managers first (they are asked for most often), then by name as people read it. */
export function compareAssociates(a: AssociateDoc, b: AssociateDoc): number {
  const role = Number(b.role === 'manager') - Number(a.role === 'manager')
  return role || a.displayName.localeCompare(b.displayName, 'it', { sensitivity: 'base' }) || a.staffCode.localeCompare(b.staffCode)
}

/** "Francesca De Santis" → "FS": first and last word, like a badge. */
export function initialsOf(displayName: string): string {
  const words = displayName.trim().split(/\s+/).filter(Boolean)
  if (words.length === 0)
    return ''
  const first = words[0]!
  const last = words.length > 1 ? words[words.length - 1]! : ''
  return (first.charAt(0) + last.charAt(0)).toLocaleUpperCase()
}

export function sameStaffCode(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase()
}
