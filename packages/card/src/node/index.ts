// Node-only entry: PC/SC, the vpcd virtual card bridge, and server-side verification.
export * from '../verify/index';
