/** Configuration from the environment; every knob has a safe default for the demo. */
export interface Config {
  port: number
  host: string
  dataDir: string
  databaseUrl: string | undefined
  commerceSecret: string | undefined
  /** Largest request body accepted (push batches): above Fastify's 1 MiB default, deliberately bounded. */
  bodyLimit: number
  /** Folder with the built tablet app to serve on the same origin, when it exists. */
  appDir: string
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '0.0.0.0',
    dataDir: env.DATA_DIR ?? './data',
    databaseUrl: env.DATABASE_URL || undefined,
    commerceSecret: env.COMMERCE_SECRET || undefined,
    bodyLimit: Number(env.BODY_LIMIT_BYTES ?? 8 * 1024 * 1024),
    appDir: env.APP_DIR ?? './dist',
  }
}
