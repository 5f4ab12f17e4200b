/**
 * A camera for Chromium that films a QR code: a one-frame Y4M video (Chromium loops it) of the
 * code, black modules on white with the quiet zone around, which Chromium plays as its fake
 * capture device (`--use-file-for-fake-video-capture`).
 */
import type { Browser } from 'playwright-core'
import { rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import QRCode from 'qrcode'

export function qrVideo(text: string): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const scale = 8
  const quiet = 4
  const side = (modules.size + 2 * quiet) * scale
  const width = 640
  const height = 480
  const left = Math.floor((width - side) / 2)
  const top = Math.floor((height - side) / 2)
  const y = Buffer.alloc(width * height, 235)
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col))
        continue
      for (let dy = 0; dy < scale; dy++) {
        const line = (top + (row + quiet) * scale + dy) * width
        y.fill(16, line + left + (col + quiet) * scale, line + left + (col + quiet + 1) * scale)
      }
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128)
  const file = join(tmpdir(), `clienteling-qr-${Date.now()}.y4m`)
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), y, chroma]))
  return file
}

/** Chromium whose camera films `video` (permission granted, no prompt). */
export async function launchChromiumFilming(video: string): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  })
  // The video is this browser's alone: it goes when the browser does.
  browser.on('disconnected', () => rmSync(video, { force: true }))
  return browser
}
