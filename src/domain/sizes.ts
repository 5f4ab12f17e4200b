/**
 * Sizes in the order a person reads them: letter sizes from the smallest (XXS … XXXL), number
 * sizes by value (35 before 46, 40.5 between 40 and 41), anything else (one size, "90 cm")
 * after them alphabetically. A plain string sort put XS after XXL and 35 after 46.
 */
const LETTERS = ['XXS', 'XS', 'S', 'M', 'L', 'XL', 'XXL', 'XXXL']

function rank(size: string): [number, number, string] {
  const letter = LETTERS.indexOf(size.toUpperCase())
  if (letter >= 0)
    return [0, letter, '']
  const number = Number(size.replace(',', '.'))
  if (size.trim() !== '' && Number.isFinite(number))
    return [1, number, '']
  return [2, 0, size]
}

export function sortSizes(sizes: Iterable<string>): string[] {
  return [...sizes].sort((a, b) => {
    const [ga, na, sa] = rank(a)
    const [gb, nb, sb] = rank(b)
    return ga - gb || na - nb || sa.localeCompare(sb)
  })
}
