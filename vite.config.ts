import type { Plugin } from 'vite'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

/**
 * Brotli and gzip copies of the built text files, made once at build time: the sync-server
 * serves them to a browser that accepts them (@fastify/static's preCompressed) instead of
 * compressing every response, and a new tablet downloads a third of the bytes. After the
 * service worker's build, so it is compressed too; the precache lists the originals only.
 */
function precompress(): Plugin {
  let outDir = 'dist'
  return {
    name: 'clienteling-precompress',
    apply: 'build',
    configResolved: (config) => { outDir = config.build.outDir },
    closeBundle: {
      sequential: true,
      order: 'post',
      handler: () => {
        const files = readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter(f => /\.(?:js|css|html|svg|json|webmanifest|wasm|txt)$/.test(f))
        for (const file of files.map(f => join(outDir, f))) {
          const data = readFileSync(file)
          if (data.length < 1024)
            continue
          writeFileSync(`${file}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }))
          writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }))
        }
      },
    },
  }
}

export default defineConfig({
  plugins: [
    vue(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      // Registered by src/stores/update.ts with workbox-window, so the app decides when to update.
      injectRegister: false,
      registerType: 'prompt',
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,webmanifest,woff2,wasm}'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
      manifest: {
        name: 'Clienteling',
        short_name: 'Clienteling',
        description: 'In-store clienteling that works offline',
        lang: 'it',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'landscape',
        background_color: '#f6f4f0',
        theme_color: '#1f2a44',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      devOptions: { enabled: false },
    }),
    precompress(),
  ],
  resolve: {
    // src/platform/unload-shim.ts: `pagehide` instead of the deprecated `unload` event.
    alias: [{ find: /^unload$/, replacement: fileURLToPath(new URL('./src/platform/unload-shim.ts', import.meta.url)) }],
  },
  build: {
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://localhost:8080', '/products': 'http://localhost:8080', '/healthz': 'http://localhost:8080' },
  },
})
