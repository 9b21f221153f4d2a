// Test support for PC/SC end-to-end tests (this package's and card-agent's): pcscd + vpcd.
export * from './pcscd';
