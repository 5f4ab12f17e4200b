/**
 * Renders the PWA's PNG icons from the SVGs in public/icons with Debian's Chromium.
 * Run once after changing an icon: npx tsx scripts/render-icons.ts (the PNGs are committed).
 */
import { readFileSync } from 'node:fs'
import { chromium } from 'playwright-core'

const targets = [
  { svg: 'icon.svg', png: 'icon-192.png', size: 192 },
  { svg: 'icon.svg', png: 'icon-512.png', size: 512 },
  { svg: 'icon-maskable.svg', png: 'icon-maskable-512.png', size: 512 },
]

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
const page = await browser.newPage()
for (const { svg, png, size } of targets) {
  const markup = readFileSync(`public/icons/${svg}`, 'utf8')
  await page.setViewportSize({ width: size, height: size })
  await page.setContent(`<html><body style="margin:0;background:transparent">${markup.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`)
  await page.screenshot({ path: `public/icons/${png}`, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } })
}
await browser.close()
