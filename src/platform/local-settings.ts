/**
 * The device's small settings in localStorage (enrollment, sync state): they must be
 * readable before the database opens, and a missing or corrupt value means "not set".
 */
export function readJson<T>(key: string, fallback: T): T {
  try {
    const raw = globalThis.localStorage?.getItem(key)
    if (!raw)
      return fallback
    const parsed = JSON.parse(raw) as T
    // Settings objects take defaults for keys an older version didn't write; a list is a list.
    const plain = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v)
    if (plain(fallback))
      return plain(parsed) ? { ...fallback, ...parsed } : fallback
    if (Array.isArray(fallback))
      return Array.isArray(parsed) ? parsed : fallback
    return parsed
  }
  catch {
    return fallback
  }
}

export function writeJson<T>(key: string, value: T | null): void {
  try {
    if (value === null)
      globalThis.localStorage?.removeItem(key)
    else
      globalThis.localStorage?.setItem(key, JSON.stringify(value))
  }
  catch {
    // localStorage full or disabled: the state lives for this session only.
  }
}
