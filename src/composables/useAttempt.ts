/**
 * A screen's action that may fail (a local write, a call): the failure becomes what the screen
 * shows, never an exception handled in a view. Stores keep their own meaning of failures
 * (the online ones in src/stores/server-call.ts); this is only where a view meets them.
 */
import { ref } from 'vue'

export type Attempted<T> = { ok: true, value: T } | { ok: false, error: unknown }

/** Runs `action`; on failure logs it (for support) and hands the error back as a value. */
export async function attempt<T>(action: () => Promise<T>): Promise<Attempted<T>> {
  try {
    return { ok: true, value: await action() }
  }
  catch (error) {
    console.error(error)
    return { ok: false, error }
  }
}

/** `problem`: the sentence of the last failed action, for the screen; cleared when the next one starts. */
export function useAttempt() {
  const problem = ref<string | null>(null)
  async function run<T>(action: () => Promise<T>, sentence: string): Promise<Attempted<T>> {
    problem.value = null
    const outcome = await attempt(action)
    if (!outcome.ok)
      problem.value = sentence
    return outcome
  }
  return { problem, run }
}
