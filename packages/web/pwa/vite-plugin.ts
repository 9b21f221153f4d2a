import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/**
 * Emits the vehicle tablet's service worker and web app manifest with the build:
 * `vehicle-sw.js` (pwa/vehicle-sw.js with this build's file list and a version from it) and
 * `vehicle.webmanifest` (+ its icon). Hand-written rather than vite-plugin-pwa: the worker needs
 * three behaviours (precache, shell fallback, leave /api alone), and this avoids workbox's build
 * dependencies for ~50 lines.
 */
export function vehicleServiceWorker(): Plugin {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return {
    name: 'madoguchi-vehicle-sw',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => !f.endsWith('.map') && f !== 'index.html' && !f.startsWith('vehicle')).sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
      const source = readFileSync(path.join(here, 'vehicle-sw.js'), 'utf8')
        .replace('self.__VEHICLE_PRECACHE__', JSON.stringify(files))
        .replace('self.__VEHICLE_VERSION__', JSON.stringify(version));
      this.emitFile({ type: 'asset', fileName: 'vehicle-sw.js', source });
      this.emitFile({ type: 'asset', fileName: 'vehicle-icon.svg', source: readFileSync(path.join(here, 'vehicle-icon.svg'), 'utf8') });
      this.emitFile({
        type: 'asset', fileName: 'vehicle.webmanifest',
        source: JSON.stringify({
          name: '移動市役所 端末', short_name: '移動市役所', lang: 'ja', start_url: '/vehicle', scope: '/vehicle', display: 'standalone',
          background_color: '#ffffff', theme_color: '#0017c1',
          icons: [{ src: '/vehicle-icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
        }, null, 2),
      });
    },
  };
}
