/**
 * CSV for spreadsheets (RFC 4180: comma, CRLF, fields quoted when needed, quotes doubled),
 * with a byte-order mark so Excel reads accents right. A text cell that a spreadsheet would
 * run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe: a customer's note
 * must never become a formula on the manager's computer. Numbers are written as they are.
 */
export type Cell = string | number | null

const FORMULA = /^[=+\-@\t\r]/

function cell(value: Cell): string {
  if (value === null)
    return ''
  if (typeof value === 'number')
    return String(value)
  const text = FORMULA.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return `\uFEFF${[header, ...rows].map(r => r.map(cell).join(',')).join('\r\n')}\r\n`
}
