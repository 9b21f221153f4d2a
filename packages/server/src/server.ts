import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Config } from './platform/config';
import { FieldCipher } from './platform/crypto/field-encryption';
import { AttemptLimiter } from './platform/auth/rate-limit';
import { migrateToLatest, openDatabase, type DatabaseHandle } from './platform/db/database';
import { createApp } from './platform/http/app';
import type { AppEnv, Services } from './platform/http/context';
import { createLogger, type Logger } from './platform/log';
import { JobRunner } from './platform/jobs/jobs';
import { createMailer } from './platform/mail/mailer';
import { mountAuditRoutes } from './modules/audit/routes';
import { mountCaseRoutes } from './modules/cases/routes';
import { mountCaseWorkRoutes } from './modules/cases/work-routes';
import { mountCounterRoutes } from './modules/counter/routes';
import { mountDeviceRoutes } from './modules/devices/routes';
import { mountOnlineRoutes } from './modules/online/routes';
import { mountOutreachRoutes } from './modules/outreach/routes';
import { mountOnlineSigningRoutes } from './modules/online/signing-routes';
import { mountOnlineTemplateRoutes } from './modules/online/templates-routes';
import { mountPaymentRoutes } from './modules/online/payments-routes';
import { mountProcedureRoutes } from './modules/procedures/routes';
import { mountQueueRoutes } from './modules/queue/routes';
import { mountRegistryRoutes } from './modules/registry/routes';
import { mountStaffRoutes } from './modules/staff/routes';
import { mountTaxiTerminalRoutes } from './modules/taxi/terminal/routes';
import { mountVehicleRoutes } from './modules/outreach/vehicle/routes';
import { mountTenancyRoutes } from './modules/tenancy/routes';
import { mountTaxiRoutes } from './modules/taxi/routes';

export interface Platform {
  app: OpenAPIHono<AppEnv>;
  services: Services;
  database: DatabaseHandle;
  close(): Promise<void>;
}

/** The feature modules, each mounting its routes under /api. New modules are added here. */
export const MODULES = [mountStaffRoutes, mountTenancyRoutes, mountRegistryRoutes, mountAuditRoutes, mountProcedureRoutes, mountCaseWorkRoutes, mountCaseRoutes, mountCounterRoutes, mountDeviceRoutes, mountOnlineRoutes, mountOnlineSigningRoutes, mountOnlineTemplateRoutes, mountPaymentRoutes, mountQueueRoutes, mountOutreachRoutes, mountVehicleRoutes, mountTaxiTerminalRoutes, mountTaxiRoutes];

/** A module mounted only in some configurations (the demo's card reader). */
export type ModuleMount = (services: Services) => (api: OpenAPIHono<AppEnv>) => void;

export function buildApp(services: Services, opts: { databaseKind: string; webDist?: string | null; allowedOrigins?: string[]; extraModules?: ModuleMount[] }) {
  return createApp({
    services,
    modules: [...MODULES, ...(opts.extraModules ?? [])].map((mount) => mount(services)),
    databaseKind: opts.databaseKind,
    webDist: opts.webDist ?? null,
    allowedOrigins: opts.allowedOrigins ?? [],
  });
}

export async function startPlatform(config: Config, opts: { logger?: Logger; now?: () => Date; extraModules?: ModuleMount[] } = {}): Promise<Platform> {
  const logger = opts.logger ?? createLogger();
  const database = await openDatabase(config.database);
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info('migrations applied', { migrations: applied });
  } catch (e) {
    await database.close();
    throw e;
  }
  const services: Services = {
    db: database.db,
    cipher: new FieldCipher(config.encryptionKeys, config.activeKeyId),
    logger,
    now: opts.now ?? (() => new Date()),
    secureCookies: config.secureCookies,
    loginLimiter: new AttemptLimiter(30, 10 * 60 * 1000),
    jobs: new JobRunner(database.db, opts.now ?? (() => new Date()), logger),
    mailer: createMailer(config, logger),
  };
  const app = buildApp(services, { databaseKind: database.kind, webDist: config.webDist, allowedOrigins: config.allowedOrigins, extraModules: opts.extraModules ?? [] });
  return {
    app, services, database,
    // The worker finishes its current job before the database closes under it.
    close: async () => {
      await services.jobs.stop();
      await database.close();
    },
  };
}
