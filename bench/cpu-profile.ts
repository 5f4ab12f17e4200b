/** Chromium's sampling profile of a page, summed by function: self and inclusive time (bench/profile.ts, bench/stages.ts). */
import type { CDPSession } from 'playwright-core'

export async function startProfile(cdp: CDPSession): Promise<void> {
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 })
  await cdp.send('Profiler.start')
}

interface Profile {
  nodes: { id: number, callFrame: { functionName: string, url: string, lineNumber: number }, children?: number[] }[]
  samples?: number[]
  timeDeltas?: number[]
}

/** Stops the profiler and prints the functions with the most self and inclusive time; returns the profile. */
export async function printProfile(cdp: CDPSession, title: string, top = Number(process.env.PROFILE_TOP ?? 30)): Promise<Profile> {
  const { profile } = await cdp.send('Profiler.stop') as { profile: Profile }
  const self = new Map<string, number>()
  const inclusive = new Map<string, number>()
  const byId = new Map(profile.nodes.map(n => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const name = (id: number) => {
    const f = byId.get(id)!.callFrame
    return `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`
  }
  const dt = profile.timeDeltas ?? []
  profile.samples?.forEach((id, i) => {
    const t = (dt[i] ?? 0) / 1000
    self.set(name(id), (self.get(name(id)) ?? 0) + t)
    const seen = new Set<string>()
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) seen.add(name(n))
    for (const key of seen) inclusive.set(key, (inclusive.get(key) ?? 0) + t)
  })
  const total = [...self.values()].reduce((a, b) => a + b, 0)
  console.log(`${title}; profiled ${(total / 1000).toFixed(1)} s`)
  const print = (heading: string, map: Map<string, number>) => {
    console.log(heading)
    for (const [key, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`${(t / total * 100).toFixed(1).padStart(5)} %  ${t.toFixed(0).padStart(7)} ms  ${key}`)
  }
  print('self time', self)
  print('inclusive time', inclusive)
  return profile
}
