/**
 * RxDB's free Dexie storage writes an advert for its paid storages to the console on the
 * first write of every page load. On a store tablet that is noise between real problems; it
 * is dropped by its exact heading, and every other warning passes through.
 */
const ADVERT = '-------------- RxDB Open Core RxStorage'

export function quietRxdbAdvert(target: Pick<Console, 'warn'> = console): void {
  const warn = target.warn.bind(target)
  target.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith(ADVERT))
      return
    warn(...args)
  }
}
