/** Vitest global setup for the browser project: build the tablet app the way `npm start` does. */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

export const E2E_APP_DIR = join(process.cwd(), 'test-results', 'app')

export default function setup(): void {
  execFileSync(join('node_modules', '.bin', 'vite'), ['build', '--outDir', E2E_APP_DIR, '--emptyOutDir', '--logLevel', 'warn'], {
    stdio: 'inherit',
    // Vitest runs with NODE_ENV=test, which would make Vite build a development bundle.
    env: { ...process.env, NODE_ENV: 'production' },
  })
}
