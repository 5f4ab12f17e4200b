/**
 * Issue 7: the server's SQL report returns the very numbers the tablet's KPI functions give
 * for the same data (the hand-computed month), for the store and for each associate; only a
 * manager's session gets it, and an area manager sees the stores assigned to them.
 */
import type { StoreKpiReport } from '../../src/shared/endpoints'
import type { TestServer } from './harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeKpis, kpisByAssociate } from '../../src/domain/kpis'
import { hashPin } from '../../sync-server/auth/pin'
import { outreachKpis } from '../../src/domain/outreach-kpis'
import { appointmentKpis } from '../../src/domain/appointment-kpis'
import { appointments, ATTRIBUTION_DAYS, customers, interactions, orders, outreach, outreachOrders, tasks, visits, withAppointments, withOutreach } from '../fixtures/kpi-month'
import { makeAssociate, makeStore } from '../fixtures/world'
import { apiClient } from './client'
import { BACKENDS, startTestServer } from './harness'

describe.each(BACKENDS)('the KPI report on %s', (backend) => {
  let server: TestServer
  let tablet: ReturnType<typeof apiClient>
  const query = `/api/reports/kpis?from=${withOutreach.period.from}&to=${withOutreach.period.to}&asOf=${withOutreach.asOf}`
  /** managers' PINs have six digits (src/shared/pin-rules.ts) */
  const session = async (associateId: string) => (await tablet.request<{ token: string }>('POST', '/api/sessions', { associateId, pin: associateId.startsWith('mgr') ? '135702' : '1357' })).body.token

  beforeAll(async () => {
    server = await startTestServer(backend)
    const pin = await hashPin('1357', { iterations: 1000 })
    const managerPin = await hashPin('135702', { iterations: 1000 })
    await server.load({
      stores: [makeStore({ id: 's1', settings: { attributionDays: ATTRIBUTION_DAYS } }), makeStore({ id: 's2', name: 'Negozio Due' })],
      associates: [
        makeAssociate({ id: 'mgr-s1', storeId: 's1', role: 'manager', pin: managerPin }),
        makeAssociate({ id: 'A', storeId: 's1', pin }),
        makeAssociate({ id: 'B', storeId: 's1', staffCode: 'B', pin }),
        makeAssociate({ id: 'C', storeId: 's2', staffCode: 'C', pin }),
      ],
      visits,
      interactions,
      orders: [...orders, ...outreachOrders],
      outreach,
      tasks,
      customers,
      appointments,
    })
    tablet = apiClient(server.url, (await server.enroll('s1')).token)
  })
  afterAll(() => server.close())

  it('computes the same KPIs in SQL as the tablet does, for the store and per associate, outreach included', async () => {
    const reply = await tablet.request<{ stores: StoreKpiReport[] }>('GET', query, undefined, { 'X-Associate-Session': await session('mgr-s1') })
    expect(reply.status).toBe(200)
    expect(reply.body.stores.map(s => s.storeId)).toEqual(['s1'])
    expect(reply.body.stores[0]!.store).toEqual(computeKpis(withOutreach))
    expect(reply.body.stores[0]!.associates).toEqual(kpisByAssociate(withOutreach))
    expect(reply.body.stores[0]!.outreach).toEqual(outreachKpis(withOutreach))
  })

  it('computes the same appointment KPIs in SQL as the tablet does: bookings, show rate, appointment visits against walk-ins', async () => {
    const reply = await tablet.request<{ stores: StoreKpiReport[] }>('GET', query, undefined, { 'X-Associate-Session': await session('mgr-s1') })
    const offline = appointmentKpis({ ...withAppointments, orders: [...orders, ...outreachOrders] })
    expect(reply.body.stores[0]!.appointments).toEqual(offline)
    // Not zero by accident: the hand-computed month has every figure (test/unit/appointment-kpis.test.ts).
    expect(offline.store).toMatchObject({ booked: 5, showRate: 3 / 4, appointmentBasketMinor: 17_000 })
  })

  it('refuses an associate\'s session and a request without one', async () => {
    const asAssociate = await tablet.request<{ error: { code: string } }>('GET', query, undefined, { 'X-Associate-Session': await session('A') })
    expect([asAssociate.status, asAssociate.body.error.code]).toEqual([403, 'forbidden'])
    const anonymous = await tablet.request<{ error: { code: string } }>('GET', query)
    expect([anonymous.status, anonymous.body.error.code]).toEqual([401, 'session-required'])
    const badPeriod = await tablet.request<{ error: { code: string } }>('GET', '/api/reports/kpis?from=yesterday&to=today', undefined, { 'X-Associate-Session': await session('mgr-s1') })
    expect([badPeriod.status, badPeriod.body.error.code]).toEqual([400, 'invalid-request'])
  })

  it('adds the stores an area manager answers for', async () => {
    await server.db.query(`INSERT INTO manager_stores (associate_id, store_id) VALUES ('mgr-s1', 's2')`)
    const reply = await tablet.request<{ stores: StoreKpiReport[] }>('GET', query, undefined, { 'X-Associate-Session': await session('mgr-s1') })
    expect(reply.body.stores.map(s => [s.storeId, s.store.visits, Object.keys(s.associates)])).toEqual([['s1', 6, ['A', 'B']], ['s2', 1, ['C']]])
    // s2 keeps the default window of 14 days, and its own book.
    const s2 = { ...withOutreach, storeId: 's2', attributionDays: 14, customers: customers.filter(c => c.homeStoreId === 's2') }
    expect(reply.body.stores[1]!.store).toEqual(computeKpis(s2))
    expect(reply.body.stores[1]!.outreach).toEqual(outreachKpis(s2))
  })
})
