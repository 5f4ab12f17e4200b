/** `npm run bench`: every benchmark written so far, one after another (each prints its table). */
import { execFileSync } from 'node:child_process'

for (const script of ['bench/bundle.ts', 'bench/lighthouse.ts', 'bench/initial-sync.ts', 'bench/push-load.ts', 'bench/live-latency.ts', 'bench/sealing.ts', 'bench/browser.ts'])
  execFileSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' })
