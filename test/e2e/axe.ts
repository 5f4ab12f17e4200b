/** axe-core's WCAG 2.1 A/AA rules run in a page: what they find, rule by rule, with where. */
import type { Page } from 'playwright-core'
import { createRequire } from 'node:module'

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source

export async function axeViolations(page: Page): Promise<{ id: string, targets: string[], count: number }[]> {
  if (!await page.evaluate(() => 'axe' in window))
    await page.evaluate(axeSource)
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, options: object) => Promise<{ violations: { id: string, nodes: { target: string[] }[] }[] }> } }).axe
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    return result.violations.map(v => ({ id: v.id, targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')), count: v.nodes.length }))
  })
}
