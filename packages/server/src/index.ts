export { startPlatform, buildApp, MODULES, type Platform } from './server';
export { loadConfig, type Config } from './platform/config';
export type { Services, AppEnv } from './platform/http/context';
