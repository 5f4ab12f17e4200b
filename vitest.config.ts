import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // Component tests mount .vue files.
  plugins: [vue()],
  test: {
    // Server tests start real servers on PGlite (WASM) and PostgreSQL; browser tests drive
    // Debian's Chromium against the built app: give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['test/unit/**/*.test.ts', 'test/server/**/*.test.ts'], globalSetup: ['./test/pglite-template.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/e2e/**/*.test.ts'],
          // Builds the app once per run, only when browser tests are selected.
          globalSetup: ['./test/e2e/build-app.ts', './test/pglite-template.ts'],
          // Fails any browser test on something the Content-Security-Policy refused.
          setupFiles: ['./test/e2e/csp-guard.ts'],
          testTimeout: 180_000,
          maxWorkers: 1,
        },
      },
    ],
  },
})
