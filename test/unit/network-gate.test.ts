import type { GateReport } from '../../src/sync/network-gate'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createNetworkGate } from '../../src/sync/network-gate'

/** A gate without jitter, with the browser's opinion of the network under the test's control. */
function gateFactory(overrides: { online?: boolean } = {}) {
  const state = { online: overrides.online ?? true }
  const gate = createNetworkGate({ minDelay: 1000, maxDelay: 30_000, random: () => 0.5, isOnline: () => state.online })
  return { gate, state }
}

/** Starts `n` requests through the gate and collects those let through. */
function requests(gate: ReturnType<typeof createNetworkGate>, n: number, signal?: AbortSignal) {
  const through: GateReport[] = []
  const failed: unknown[] = []
  for (let i = 0; i < n; i++) gate.enter(signal).then(r => through.push(r), e => failed.push(e))
  return { through, failed }
}

describe('the network gate: one back-off for all sync traffic while the server is unreachable', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('lets every request through while the server answers', async () => {
    const { gate } = gateFactory()
    const { through } = requests(gate, 20)
    await vi.advanceTimersByTimeAsync(0)
    expect(through).toHaveLength(20)
    expect(gate.down).toBe(false)
  })

  it('after a request gets no answer, holds the others and sends one probe after 1 s, 2 s, 4 s, … at most 30 s', async () => {
    const { gate } = gateFactory()
    const first = await gate.enter()
    first(false)
    const { through } = requests(gate, 20)
    // One probe per wait, each failing: the waits double up to the ceiling.
    for (const wait of [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]) {
      const before = through.length
      await vi.advanceTimersByTimeAsync(wait - 1)
      expect(through).toHaveLength(before)
      await vi.advanceTimersByTimeAsync(1)
      expect(through).toHaveLength(before + 1)
      through.at(-1)!(false)
    }
    expect(gate.waiting).toBe(13)
  })

  it('counts a burst of requests that all failed at once as one failure, not twenty', async () => {
    const { gate } = gateFactory()
    const inFlight = await Promise.all(Array.from({ length: 20 }, () => gate.enter()))
    for (const report of inFlight) report(false)
    const { through } = requests(gate, 1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(through).toHaveLength(1)
  })

  it('lets everything waiting through as soon as a probe is answered', async () => {
    const { gate } = gateFactory()
    ;(await gate.enter())(false)
    const { through } = requests(gate, 10)
    await vi.advanceTimersByTimeAsync(1000)
    expect(through).toHaveLength(1)
    through[0]!(true)
    await vi.advanceTimersByTimeAsync(0)
    expect(through).toHaveLength(10)
    expect(gate.down).toBe(false)
  })

  it('while the browser says offline, waits the longest delay, and probes at once when woken', async () => {
    const { gate, state } = gateFactory({ online: false })
    ;(await gate.enter())(false)
    const { through } = requests(gate, 5)
    await vi.advanceTimersByTimeAsync(20_000)
    expect(through).toHaveLength(0)
    state.online = true
    gate.wake()
    await vi.advanceTimersByTimeAsync(0)
    expect(through).toHaveLength(1)
  })

  it('a request aborted while it waits leaves the queue with its abort reason and never goes out', async () => {
    const { gate } = gateFactory()
    ;(await gate.enter())(false)
    const controller = new AbortController()
    const { through, failed } = requests(gate, 3, controller.signal)
    controller.abort(new Error('timeout'))
    await vi.advanceTimersByTimeAsync(5000)
    expect(through).toHaveLength(0)
    expect(failed).toEqual([new Error('timeout'), new Error('timeout'), new Error('timeout')])
    expect(gate.waiting).toBe(0)
  })

  it('with nobody waiting when the delay ends, the next request is the probe and the one after waits', async () => {
    const { gate } = gateFactory()
    ;(await gate.enter())(false)
    await vi.advanceTimersByTimeAsync(1000)
    const { through } = requests(gate, 2)
    await vi.advanceTimersByTimeAsync(0)
    expect(through).toHaveLength(1)
  })
})
