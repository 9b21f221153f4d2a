/** The device platform's server API for other modules (outreach vehicle app, taxi terminals). */
export { registerDeviceEventHandler, registeredDeviceEventKinds, type DeviceEventContext, type DeviceEventHandler, type DeviceEventOutcome } from './registry';
export { requireDevice, verifyDeviceRequest, type DevicePrincipal } from './auth';
export { listDeviceEvents, markDeviceEventReviewed, type StoredDeviceEvent } from './service';
export { mountDeviceRoutes } from './routes';
