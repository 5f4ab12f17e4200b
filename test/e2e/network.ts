/**
 * The store's Wi-Fi, for browser tests: the tablet reaches the server through this TCP relay,
 * and "down" resets every open connection and refuses new ones. Chromium's offline emulation
 * alone (context.setOffline) was seen letting a request through — requests that pass through
 * a service worker are not always covered — and a test that checks "nothing reached the
 * server while offline" must not depend on that.
 */
import type { Socket } from 'node:net'
import { connect, createServer } from 'node:net'

export interface NetworkSwitch {
  port: number
  setUp: (up: boolean) => void
  close: () => Promise<void>
}

export async function startNetworkSwitch(targetPort: number): Promise<NetworkSwitch> {
  let up = true
  const open = new Set<Socket>()
  const relay = createServer((client) => {
    if (!up) {
      client.destroy()
      return
    }
    const upstream = connect(targetPort, '127.0.0.1')
    open.add(client)
    open.add(upstream)
    const drop = () => {
      client.destroy()
      upstream.destroy()
      open.delete(client)
      open.delete(upstream)
    }
    client.on('error', drop).on('close', drop)
    upstream.on('error', drop).on('close', drop)
    client.pipe(upstream)
    upstream.pipe(client)
  })
  await new Promise<void>(resolve => relay.listen(0, '127.0.0.1', resolve))
  const address = relay.address()
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    setUp: (next) => {
      up = next
      if (!next) {
        for (const socket of open) socket.destroy()
        open.clear()
      }
    },
    close: async () => {
      for (const socket of open) socket.destroy()
      await new Promise(resolve => relay.close(resolve))
    },
  }
}
