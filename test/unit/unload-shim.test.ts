import { afterEach, describe, expect, it, vi } from 'vitest'

function pagehide(persisted: boolean): Event {
  return Object.assign(new Event('pagehide'), { persisted })
}

describe('the unload stand-in (RxDB leader election\'s clean-up on pagehide)', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.resetModules()
  })

  it('runs the clean-ups when the page goes away, and not when it is only frozen for the back/forward cache', async () => {
    const page = new EventTarget()
    vi.stubGlobal('window', page)
    const shim = await import('../../src/platform/unload-shim')
    const closed: string[] = []
    shim.add(() => closed.push('channel'))
    const removed = shim.add(() => closed.push('never'))
    removed.remove()

    page.dispatchEvent(pagehide(true))
    expect(closed).toEqual([])
    expect(shim.getSize()).toBe(1)
    page.dispatchEvent(pagehide(false))
    expect(closed).toEqual(['channel'])
    expect(shim.getSize()).toBe(0)
  })

  it('is what the build gives RxDB for the `unload` package', async () => {
    const config = (await import('../../vite.config')).default as { resolve: { alias: Array<{ find: RegExp, replacement: string }> } }
    const alias = config.resolve.alias.find(a => a.find.test('unload'))
    expect(alias?.replacement).toMatch(/src\/platform\/unload-shim\.ts$/)
  })
})
