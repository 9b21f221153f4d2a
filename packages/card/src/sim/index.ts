export * from './card';
export * from './my-number-card';
export * from './rsa';
export * from './test-ca';
export * from './transport';
export * from './demo';
