// Node-only entry: PC/SC, the vpcd virtual card bridge, and server-side verification.
export * from '../verify/index';
export { PcscTransport, type PcscTransportOptions, pcscError } from './pcsc-transport';
export { VpcdCard, type VpcdCardOptions, VPCD_DEFAULT_PORT } from './vpcd-card';
export { VpcdCardProcess } from './vpcd-card-process';
