/** The masking itself is shared with the server (src/shared/mask.ts). */
export { maskEmail, maskPhone } from '../../shared/mask'

export function initialsOf(firstName: string, lastName: string): string {
  return `${firstName.trim().charAt(0)}${lastName.trim().charAt(0)}`.toUpperCase()
}
