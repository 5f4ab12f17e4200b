import { describe, expect, it } from 'vitest'
import { sortSizes } from '../../src/domain/sizes'

describe('sizes in the order a person reads them', () => {
  it('puts letter sizes from the smallest to the largest', () => {
    expect(sortSizes(['XXL', 'M', 'XS', 'L', 'S', 'XL'])).toEqual(['XS', 'S', 'M', 'L', 'XL', 'XXL'])
  })

  it('puts number sizes by value, halves included', () => {
    expect(sortSizes(['46', '35', '40.5', '40', '41'])).toEqual(['35', '40', '40.5', '41', '46'])
  })

  it('puts anything else after them', () => {
    expect(sortSizes(['Unica', '42', 'M', '90 cm'])).toEqual(['M', '42', '90 cm', 'Unica'])
  })
})
