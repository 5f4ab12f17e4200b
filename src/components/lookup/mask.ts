/**
 * Contact details in a result list are half-hidden: enough for the associate to confirm
 * "m.rossi@…, ending 4567" with the customer, not enough for a passer-by reading the screen.
 */
export function maskEmail(email: string | null): string {
  if (!email)
    return ''
  const [local = '', domain = ''] = email.split('@')
  return `${local.slice(0, Math.min(3, Math.max(1, local.length - 2)))}•••@${domain}`
}

export function maskPhone(phone: string | null): string {
  const digits = phone?.replace(/\D/g, '') ?? ''
  return digits.length >= 4 ? `••• ${digits.slice(-4)}` : ''
}

export function initialsOf(firstName: string, lastName: string): string {
  return `${firstName.trim().charAt(0)}${lastName.trim().charAt(0)}`.toUpperCase()
}
