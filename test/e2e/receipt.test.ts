/**
 * The HTML receipt as a mail client would show it, rendered in Chromium at a phone's and a
 * desktop client's width, in both languages; the screenshots are looked at by a person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderReceipt } from '../../sync-server/mail/render'
import { receiptInput } from '../fixtures/receipt'
import { launchChromium, screenshot } from './harness'

describe('the HTML receipt in Chromium', () => {
  let browser: Awaited<ReturnType<typeof launchChromium>>
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it.each(['it', 'en'] as const)('renders the %s receipt readable, with no script and nothing wider than the screen', async (language) => {
    const page = await browser.newPage({ viewport: { width: 800, height: 1100 }, javaScriptEnabled: false })
    await page.setContent(renderReceipt(receiptInput({ emailConsent: true }, language)).html)
    await screenshot(page, `receipt-${language}`)
    const narrow = await browser.newPage({ viewport: { width: 390, height: 1100 } })
    await narrow.setContent(renderReceipt(receiptInput({}, language)).html)
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.close()
    await narrow.close()
  })
})
