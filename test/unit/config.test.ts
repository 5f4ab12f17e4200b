import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../sync-server/core/config'

describe('the sync-server\'s configuration', () => {
  it('has a safe default for every knob', () => {
    expect(loadConfig({})).toMatchObject({ port: 8080, databaseUrl: undefined, databasePoolSize: 10, databasePrepare: true, logRequests: false, demoCustomers: 2000 })
  })

  it('reads the database, logging and demo settings from the environment like the rest', () => {
    expect(loadConfig({ DATABASE_POOL_SIZE: '25', DATABASE_PREPARE: '0', LOG_REQUESTS: '1', DEMO_CUSTOMERS: '50' }))
      .toMatchObject({ databasePoolSize: 25, databasePrepare: false, logRequests: true, demoCustomers: 50 })
  })
})
