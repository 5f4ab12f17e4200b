/**
 * A load balancer in front of several sync-server instances, as a chain runs them: each new
 * TCP connection goes to the next instance in turn. An instance that refuses the connection
 * (killed, restarting) is skipped for this connection and tried again for the next one, as a
 * balancer's passive health check does. Connections already open to an instance that dies are
 * cut, which is what a tablet meets in production: its push fails and is retried, its live
 * stream ends and it reconnects through the balancer. At TCP level, so streams pass as they are.
 */
import type { AddressInfo, Socket } from 'node:net'
import { connect, createServer } from 'node:net'

export async function startRoundRobinProxy(upstreams: { host: string, port: number }[]) {
  let next = 0
  const open = new Set<Socket>()
  /** which upstream each connection went to, in order */
  const routed: number[] = []
  const server = createServer((client) => {
    open.add(client)
    client.on('close', () => open.delete(client))
    client.pause()
    const attempt = (tried: number) => {
      if (tried >= upstreams.length)
        return client.destroy()
      const index = next++ % upstreams.length
      const target = upstreams[index]!
      const upstream = connect(target.port, target.host)
      let connected = false
      upstream.once('connect', () => {
        connected = true
        routed.push(index)
        open.add(upstream)
        upstream.on('close', () => open.delete(upstream))
        upstream.on('error', () => client.destroy())
        client.on('error', () => upstream.destroy())
        client.on('close', () => upstream.destroy())
        upstream.on('close', () => client.destroy())
        client.pipe(upstream).pipe(client)
        client.resume()
      })
      upstream.once('error', () => {
        if (!connected)
          attempt(tried + 1)
      })
    }
    attempt(0)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    routed,
    close: async () => {
      open.forEach(s => s.destroy())
      await new Promise<void>(resolve => server.close(() => resolve()))
    },
  }
}
