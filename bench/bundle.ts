/**
 * Benchmark 6: what a tablet downloads before the first screen — the gzipped JS and CSS the
 * built index.html loads (its entry and the modules it preloads), not the lazy chunks of
 * later screens. The baseline is the target itself (250 KiB of JS), so the ratio reads as
 * "share of the budget".
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { printTable, saveResults } from './lib'

const OUT = process.env.BENCH_DIST ?? 'dist-bench'
execFileSync('npx', ['vite', 'build', '--outDir', OUT, '--emptyOutDir'], { stdio: 'ignore' })
const html = readFileSync(join(OUT, 'index.html'), 'utf8')
const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(js|css))"/g)].map(m => ({ path: m[1]!, kind: m[2]! }))
const gz = (path: string) => gzipSync(readFileSync(join(OUT, path)), { level: 9 }).length / 1024
const js = assets.filter(a => a.kind === 'js').reduce((n, a) => n + gz(a.path), 0)
const css = assets.filter(a => a.kind === 'css').reduce((n, a) => n + gz(a.path), 0)
const rows = [
  { name: 'JS budget', value: 250, unit: 'KiB' },
  { name: 'initial JS (gzip)', value: js, unit: 'KiB', baseline: 'JS budget', target: '≤ 250 KiB' },
  { name: 'initial CSS (gzip)', value: css, unit: 'KiB', baseline: 'JS budget' },
]
printTable(`Bundle: the first screen's assets (${assets.length} files)`, rows)
saveResults('bundle', rows, { files: assets.map(a => a.path) })
