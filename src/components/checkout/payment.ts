import type { OrderDoc } from '../../shared/types'
import { formatMoney, t } from '../../i18n'

/** "Mixed payment (Card €100.00 · Cash €50.00)": how the customer paid, with a mixed payment's parts. */
export function paymentText(order: Pick<OrderDoc, 'paymentMethod' | 'payments' | 'currency'>, label: (method: string) => string): string {
  const method = label(order.paymentMethod)
  if (!order.payments?.length)
    return method
  const parts = order.payments.map(p => t('checkout.paid', { method: t(`checkout.method.${p.method}`), amount: formatMoney(p.amountMinor, order.currency) }))
  return `${method} (${parts.join(' · ')})`
}
