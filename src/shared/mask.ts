/**
 * Contact details half-hidden, one format wherever they show: enough for an associate to
 * confirm "m.rossi@…, ending 4567" with the customer, not enough for a passer-by reading the
 * screen. Another store's customers (the online search, duplicate pairs across stores) show
 * less of it than the store's own.
 */
export function maskEmail(email: string | null, visible = 3): string {
  if (!email)
    return ''
  const [local = '', domain = ''] = email.split('@')
  return `${local.slice(0, Math.min(visible, Math.max(1, local.length - 2)))}•••@${domain}`
}

export function maskPhone(phone: string | null, digits = 4): string {
  const all = phone?.replace(/\D/g, '') ?? ''
  return all.length >= digits ? `••• ${all.slice(-digits)}` : ''
}
