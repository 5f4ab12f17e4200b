/**
 * A BarcodeDetector: the browser's own where it exists (Android, ChromeOS, Safari on iPadOS),
 * otherwise the barcode-detector ponyfill on zxing-wasm. The ponyfill and its .wasm are
 * loaded only when a scan starts, and the .wasm comes from this app's own bundle (which the
 * service worker precaches) instead of the CDN the library defaults to, so scanning works
 * offline and under a strict CSP.
 */
import type { BarcodeFormat } from 'barcode-detector/ponyfill'

export interface Detector {
  detect: (source: HTMLVideoElement) => Promise<Array<{ rawValue: string }>>
}

interface DetectorClass {
  new (options: { formats: BarcodeFormat[] }): Detector
  getSupportedFormats: () => Promise<readonly string[]>
}

/** Loyalty cards are QR codes or 1D barcodes; EANs are listed so a product can be told apart. */
const FORMATS: BarcodeFormat[] = ['qr_code', 'code_128', 'code_39', 'ean_13', 'ean_8', 'upc_a', 'data_matrix']

async function nativeDetector(): Promise<Detector | null> {
  const Native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector
  if (!Native)
    return null
  try {
    const supported = await Native.getSupportedFormats()
    const formats = FORMATS.filter(f => supported.includes(f))
    return formats.length ? new Native({ formats }) : null
  }
  catch {
    return null
  }
}

let ponyfill: Promise<DetectorClass> | null = null

function loadPonyfill(): Promise<DetectorClass> {
  ponyfill ??= Promise.all([
    import('barcode-detector/ponyfill'),
    import('zxing-wasm/reader/zxing_reader.wasm?url'),
  ]).then(([lib, wasm]) => {
    lib.prepareZXingModule({
      overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasm.default : prefix + path) },
    })
    return lib.BarcodeDetector as unknown as DetectorClass
  })
  ponyfill.catch(() => {
    ponyfill = null
  })
  return ponyfill
}

export async function createDetector(): Promise<Detector> {
  const native = await nativeDetector()
  if (native)
    return native
  const Ponyfill = await loadPonyfill()
  return new Ponyfill({ formats: FORMATS })
}

export type CameraError = 'denied' | 'noCamera' | 'failed'

/** getUserMedia's DOMException names, as something the associate can act on. */
export function cameraError(error: unknown): CameraError {
  switch ((error as { name?: unknown } | null)?.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied'
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'NoCamera':
      return 'noCamera'
    default:
      // NotReadableError: another app holds the camera; worth a retry.
      return 'failed'
  }
}

export async function openCamera(): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia)
    throw Object.assign(new Error('No camera API'), { name: 'NoCamera' })
  return navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
  })
}
