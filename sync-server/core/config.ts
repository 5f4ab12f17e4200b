/** Configuration from the environment; every knob has a safe default for the demo. */
export interface Config {
  port: number
  host: string
  dataDir: string
  databaseUrl: string | undefined
  /** connections to a PostgreSQL server */
  databasePoolSize: number
  /** named prepared statements; off for a pooler that can't keep them */
  databasePrepare: boolean
  /** log requests (method and path only) and failures (codes, never personal data) */
  logRequests: boolean
  /** customers `npm start` seeds on first run */
  demoCustomers: number
  commerceSecret: string | undefined
  /** Where store-made cart and wishlist changes are sent, signed with commerceSecret; unset: not sent. */
  commerceWebhookUrl: string | undefined
  commerceOutboxIntervalMs: number
  commerceOutboxMaxBackoffMs: number
  /** Largest request body accepted (push batches): above Fastify's 1 MiB default, deliberately bounded. */
  bodyLimit: number
  /** Folder with the built tablet app to serve on the same origin, when it exists. */
  appDir: string
  /** smtp(s)://user:pass@host:port for receipts; unset: .eml files under DATA_DIR/outbox, listed at /mail */
  smtpUrl: string | undefined
  /** behind a reverse proxy: believe its X-Forwarded-Proto / -For (HSTS over HTTPS the proxy terminated) */
  trustProxy: boolean
  /**
   * Without SMTP_URL, receipts are written as files under DATA_DIR/outbox; MAIL_PREVIEW=1 also
   * lists them at /mail. Off by default: the page shows every receipt with its recipient to
   * anyone who can reach the server. `npm start` (the demo) turns it on.
   */
  mailPreview: boolean
  mailFrom: string
  receiptIntervalMs: number
  receiptMaxBackoffMs: number
  /** after this long without an SMTP acceptance a receipt is marked failed, with the last reason */
  receiptGiveUpAfterMs: number
  /** the web shop's address, for "view online" links in receipts */
  shopUrl: string
  /** the server's public address, for links in e-mails (unsubscribe, tracked product links) */
  publicUrl: string
  outreachIntervalMs: number
  /** enrollment attempts per minute from one address */
  enrollRateLimit: number
  /** PBKDF2 iterations for a PIN set from the manager area (tests lower it; never below 100,000) */
  pinIterations: number
  /** server-checked PIN sign-ins per 5 minutes from one device (wrong or right) */
  signInRateLimit: number
  /** online customer searches per 5 minutes, per tablet and per associate */
  searchRateLimit: number
  /** pins of other stores' customers per hour, per tablet and per associate */
  pinRateLimit: number
  /** receipt resends per hour, per tablet and per associate */
  resendRateLimit: number
  /** calls to the versioned API (/api/v1/) per minute with one API key */
  apiRateLimit: number
  /** months of orders, visits and interactions a tablet holds (0: all of them); the server keeps everything */
  tabletHistoryMonths: number
  /** how often the server vacuums and analyzes PGlite's tables (a PostgreSQL server does its own) */
  upkeepIntervalMs: number
  /** how long a stop (SIGTERM) may take to answer in-flight requests and close the database before the process exits anyway */
  shutdownGraceMs: number
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '0.0.0.0',
    dataDir: env.DATA_DIR ?? './data',
    databaseUrl: env.DATABASE_URL || undefined,
    databasePoolSize: Number(env.DATABASE_POOL_SIZE ?? 10),
    databasePrepare: env.DATABASE_PREPARE !== '0',
    logRequests: env.LOG_REQUESTS === '1',
    demoCustomers: Number(env.DEMO_CUSTOMERS ?? 2000),
    commerceSecret: env.COMMERCE_SECRET || undefined,
    commerceWebhookUrl: env.COMMERCE_WEBHOOK_URL || undefined,
    commerceOutboxIntervalMs: Number(env.COMMERCE_OUTBOX_INTERVAL_MS ?? 1000),
    commerceOutboxMaxBackoffMs: Number(env.COMMERCE_OUTBOX_MAX_BACKOFF_MS ?? 5 * 60_000),
    bodyLimit: Number(env.BODY_LIMIT_BYTES ?? 8 * 1024 * 1024),
    appDir: env.APP_DIR ?? './dist',
    smtpUrl: env.SMTP_URL || undefined,
    trustProxy: env.TRUST_PROXY === '1',
    mailPreview: env.MAIL_PREVIEW === '1',
    mailFrom: env.MAIL_FROM ?? 'Clienteling <receipts@clienteling.local>',
    receiptIntervalMs: Number(env.RECEIPT_INTERVAL_MS ?? 1000),
    receiptMaxBackoffMs: Number(env.RECEIPT_MAX_BACKOFF_MS ?? 10 * 60_000),
    receiptGiveUpAfterMs: Number(env.RECEIPT_GIVE_UP_AFTER_MS ?? 24 * 60 * 60_000),
    shopUrl: env.SHOP_URL ?? 'https://shop.example.com',
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT ?? 8080}`).replace(/\/+$/, ''),
    outreachIntervalMs: Number(env.OUTREACH_INTERVAL_MS ?? 1000),
    enrollRateLimit: Number(env.ENROLL_RATE_LIMIT ?? 10),
    pinIterations: Math.max(100_000, Number(env.PIN_ITERATIONS ?? 600_000)),
    signInRateLimit: Number(env.SIGN_IN_RATE_LIMIT ?? 20),
    searchRateLimit: Number(env.SEARCH_RATE_LIMIT ?? 60),
    pinRateLimit: Number(env.PIN_RATE_LIMIT ?? 20),
    resendRateLimit: Number(env.RESEND_RATE_LIMIT ?? 10),
    apiRateLimit: Number(env.API_RATE_LIMIT ?? 600),
    tabletHistoryMonths: historyMonths(env.TABLET_HISTORY_MONTHS),
    upkeepIntervalMs: Number(env.UPKEEP_INTERVAL_MS ?? 60_000),
    shutdownGraceMs: Number(env.SHUTDOWN_GRACE_MS ?? 10_000),
  }
}

/**
 * Today's lapsed-customer rule looks back up to 730 days (a store setting) over the history a
 * tablet holds: a shorter window would hide the purchases it looks for.
 */
function historyMonths(value: string | undefined): number {
  const months = Number(value ?? 24)
  if (!Number.isInteger(months) || (months !== 0 && months < 24) || months > 1200)
    throw new Error(`TABLET_HISTORY_MONTHS is a whole number of months from 24 to 1200, or 0 for all of the history (not ${value}).`)
  return months
}

/** The environment for a program the server runs (pg_dump, pg_restore), with `extra` on top. */
export function childEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra }
}
