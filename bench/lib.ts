/**
 * What every benchmark shares: repeat a measurement, take the median (and p95 where there
 * are many samples), print a table with each result's ratio to the baseline measured in the
 * same run, and add the numbers to bench-results.json. Benchmarks are not tests: nothing
 * here fails on a number; targets are printed next to the results.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'

export const RUNS = Number(process.env.BENCH_RUNS ?? 3)
/** Untimed runs first, of every measurement alike: the first run of each paid for compiling and warming caches. */
export const WARMUPS = Number(process.env.BENCH_WARMUPS ?? 1)
export const RESULTS_FILE = process.env.BENCH_RESULTS ?? 'bench-results.json'

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

/** Runs `fn` `WARMUPS` times untimed, then `runs` times (after `prepare` each time, not timed); returns the times in ms. */
export async function timed(runs: number, fn: () => Promise<void>, prepare?: () => Promise<void>): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < WARMUPS + runs; i++) {
    await prepare?.()
    const start = performance.now()
    await fn()
    if (i >= WARMUPS)
      times.push(performance.now() - start)
  }
  return times
}

export interface Row {
  name: string
  /** the value compared (ms, KiB, docs/s…) */
  value: number
  unit: string
  /** the row this one is compared with; none for a baseline */
  baseline?: string
  /** higher is better (throughput) rather than lower (time, size) */
  higherIsBetter?: boolean
  target?: string
  samples?: number[]
}

export function printTable(title: string, rows: Row[]): void {
  const byName = new Map(rows.map(r => [r.name, r]))
  const lines = rows.map((r) => {
    const base = r.baseline ? byName.get(r.baseline) : undefined
    const ratio = base ? (r.value / base.value) : null
    return [r.name, `${fmt(r.value)} ${r.unit}`, ratio === null ? 'baseline' : `${fmt(ratio)}× ${r.baseline}`, r.target ?? '']
  })
  const header = ['measurement', 'median', 'ratio', 'target']
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map(l => l[i]!.length)))
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  console.log(`\n${title}\n${row(header)}\n|${widths.map(w => '-'.repeat(w + 2)).join('|')}|\n${lines.map(row).join('\n')}`)
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2))

export function saveResults(benchmark: string, rows: Row[], extra: Record<string, unknown> = {}): void {
  const all = existsSync(RESULTS_FILE) ? JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Record<string, unknown> : {}
  all.machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30) }
  all[benchmark] = { at: new Date().toISOString(), rows, ...extra }
  writeFileSync(RESULTS_FILE, `${JSON.stringify(all, null, 2)}\n`)
}
