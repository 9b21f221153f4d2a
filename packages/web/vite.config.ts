import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { vehicleServiceWorker } from './pwa/vite-plugin';

export default defineConfig({
  plugins: [react(), tailwindcss(), vehicleServiceWorker()],
  server: {
    // The API server runs separately in development; the browser only ever talks to this origin,
    // so the session cookie and the same-origin checks work as in production. Point it at another
    // server (e.g. one on a spare port) with MADOGUCHI_API_URL.
    proxy: { '/api': process.env.MADOGUCHI_API_URL ?? 'http://localhost:3000' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // React and TanStack change rarely: one named chunk the tablets keep cached across releases.
        advancedChunks: {
          groups: [{ name: 'vendor', test: /node_modules[\\/](react|react-dom|scheduler|@tanstack)[\\/]/ }],
        },
      },
    },
  },
});
