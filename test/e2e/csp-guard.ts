/**
 * Security issue, hole 12: the app runs under script-src 'self' (no eval). A setup file of
 * the browser project, so the check follows every test of every file, also those that make
 * their own contexts rather than use `useTablet`: anything the policy refused fails the test.
 */
import { afterEach } from 'vitest'
import { takeCspViolations } from './harness'

afterEach(() => {
  const refused = takeCspViolations()
  if (refused.length)
    throw new Error(`The Content-Security-Policy refused: ${refused.join(' | ')}`)
})
