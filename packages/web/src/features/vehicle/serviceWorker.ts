/**
 * Registers the vehicle's service worker (built by `vehicleServiceWorker()` in vite.config.ts from
 * packages/web/pwa/vehicle-sw.js): it precaches the app shell and every built asset, so /vehicle opens
 * with no network, and it never caches /api (nothing personal goes into the Cache Storage).
 */
export async function registerVehicleServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return null;
  try {
    return await navigator.serviceWorker.register('/vehicle-sw.js', { scope: '/vehicle' });
  } catch {
    return null;
  }
}
