/**
 * Labels for values that come from data (categories, consent sources): translated when the
 * catalogue knows them, shown as they are otherwise, so a new category never reads as a key.
 */
import { t } from '../../i18n'

function known(key: string, fallback: string): string {
  const label = t(key)
  return label === key ? fallback : label
}

export const categoryLabel = (category: string): string => known(`customer.category.${category}`, category)

/** A consent's `source`: a store id, or the channel the customer used. */
export function sourceLabel(source: string, storeNames: Record<string, string>): string {
  return storeNames[source] ?? known(`customer.consent.${source}`, source)
}

export function initials(firstName: string, lastName: string): string {
  return `${firstName.charAt(0)}${lastName.charAt(0)}`.toUpperCase()
}
