import { describe, expect, it } from 'vitest'
import { toCsv } from '../../src/domain/csv'

describe('CSV export', () => {
  const body = (csv: string) => csv.replace(/^\uFEFF/, '')

  it.each([
    ['plain text and numbers as they are', ['Anna', 12, 0.5], 'Anna,12,0.5'],
    ['an empty cell for a missing value', ['x', null], 'x,'],
    ['commas, quotes and line breaks quoted, quotes doubled', ['a,b', 'say "hi"', 'two\nlines'], '"a,b","say ""hi""","two\nlines"'],
    ['a text that looks like a formula defused', ['=HYPERLINK("x")', '+39 333', '@sum', '-2'], '"\'=HYPERLINK(""x"")",\'+39 333,\'@sum,\'-2'],
    ['a negative number left a number', [-2], '-2'],
  ])('writes %s', (_, row, line) => {
    expect(body(toCsv(['h'], [row])).split('\r\n')[1]).toBe(line)
  })

  it('starts with a byte-order mark and ends every line with CRLF', () => {
    const csv = toCsv(['a', 'b'], [[1, 2]])
    expect(csv).toBe('\uFEFFa,b\r\n1,2\r\n')
  })
})
