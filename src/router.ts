/**
 * Screens and the guard that keeps the device's state machine honest: an unenrolled tablet
 * only shows enrollment; an enrolled one shows its first sync until it has the store's data;
 * customer screens need a signed-in associate (the lock screen hides customer data).
 */
import type { RouteRecordRaw } from 'vue-router'
import { createRouter, createWebHistory } from 'vue-router'
import { useDeviceStore } from './stores/device'
import { useSessionStore } from './stores/session'
import { useSyncStore } from './stores/sync'
// The two screens a tablet opens on come with the app, not a round trip after it (issue 27: the
// first screen waits for no lazy code); they are small and need no database code to draw.
import EnrollView from './views/EnrollView.vue'
import SignInView from './views/SignInView.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** reachable before enrollment */
    public?: boolean
    /** needs a signed-in associate */
    auth?: boolean
    /** needs a signed-in manager (the server checks the role again for what it serves) */
    manager?: boolean
    /** head office's section: its own sign-in, online, with or without an enrolled tablet */
    office?: boolean
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/office', name: 'office', component: () => import('./views/OfficeView.vue'), meta: { office: true } },
  { path: '/enroll', name: 'enroll', component: EnrollView, meta: { public: true } },
  { path: '/sync', name: 'initial-sync', component: () => import('./views/InitialSyncView.vue') },
  { path: '/lock', name: 'lock', component: SignInView },
  { path: '/', name: 'lookup', component: () => import('./views/LookupView.vue'), meta: { auth: true } },
  { path: '/customers/new', name: 'customer-new', component: () => import('./views/CustomerNewView.vue'), meta: { auth: true } },
  { path: '/customers/:id/edit', name: 'customer-edit', component: () => import('./views/CustomerEditView.vue'), meta: { auth: true }, props: true },
  { path: '/customers/:id/book', name: 'appointment-book', component: () => import('./views/AppointmentBookView.vue'), meta: { auth: true }, props: route => ({ id: route.params.id, appointment: typeof route.query.appointment === 'string' ? route.query.appointment : undefined }) },
  { path: '/appointments', name: 'appointments', component: () => import('./views/AppointmentsView.vue'), meta: { auth: true } },
  { path: '/customers/:id', name: 'customer', component: () => import('./views/CustomerView.vue'), meta: { auth: true }, props: true },
  { path: '/visits/:id/checkout', name: 'checkout', component: () => import('./views/CheckoutView.vue'), meta: { auth: true }, props: true },
  { path: '/visits/:id', name: 'visit', component: () => import('./views/VisitView.vue'), meta: { auth: true }, props: true },
  { path: '/customers/:id/privacy', name: 'customer-privacy', component: () => import('./views/ManagerCustomerPrivacyView.vue'), meta: { auth: true, manager: true }, props: true },
  {
    path: '/manager',
    component: () => import('./views/ManagerView.vue'),
    meta: { auth: true, manager: true },
    children: [
      { path: '', redirect: '/manager/dashboard' },
      { path: 'dashboard', name: 'manager-dashboard', component: () => import('./views/ManagerDashboardView.vue'), meta: { auth: true, manager: true } },
      { path: 'visits', name: 'manager-visits', component: () => import('./views/ManagerVisitsView.vue'), meta: { auth: true, manager: true } },
      { path: 'visits/:id', name: 'manager-visit', component: () => import('./views/ManagerVisitView.vue'), meta: { auth: true, manager: true }, props: true },
      { path: 'templates', name: 'manager-templates', component: () => import('./views/ManagerTemplatesView.vue'), meta: { auth: true, manager: true } },
      { path: 'availability', name: 'manager-availability', component: () => import('./views/ManagerAvailabilityView.vue'), meta: { auth: true, manager: true } },
      { path: 'staff', name: 'manager-staff', component: () => import('./views/ManagerStaffView.vue'), meta: { auth: true, manager: true } },
      { path: 'devices', name: 'manager-devices', component: () => import('./views/ManagerDevicesView.vue'), meta: { auth: true, manager: true } },
      { path: 'identity', name: 'manager-identity', component: () => import('./views/ManagerIdentityView.vue'), meta: { auth: true, manager: true } },
    ],
  },
  { path: '/device', name: 'device', component: () => import('./views/DeviceView.vue'), meta: { auth: true } },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export function createAppRouter() {
  const router = createRouter({ history: createWebHistory(), routes })
  router.beforeEach((to) => {
    if (to.meta.office)
      return true
    const device = useDeviceStore()
    if (!device.isEnrolled)
      return to.name === 'enroll' ? true : { name: 'enroll' }
    if (to.name === 'enroll')
      return { name: 'lookup' }
    const sync = useSyncStore()
    // Until staff and store are in, the download's screen; then the rest comes in the background.
    // A first download interrupted by a reload goes on once an associate opens the book.
    if (!sync.signInReady && !(to.name === 'lock' && sync.bookLocked))
      return to.name === 'initial-sync' ? true : { name: 'initial-sync' }
    const session = useSessionStore()
    if (to.meta.auth && !session.isSignedIn)
      return { name: 'lock', query: { redirect: to.fullPath } }
    if (to.meta.manager && !session.isManager)
      return { name: 'lookup' }
    return true
  })
  return router
}
