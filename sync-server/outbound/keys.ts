/** The outbox key of a customer's events: one customer's go out one after the other, in order (./outbox.ts). */
export const customerKey = (customerId: string): string => `customer:${customerId}`
