import { randomBytes } from 'node:crypto';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { FieldCipher } from '../../src/platform/crypto/field-encryption';
import type { DatabaseHandle } from '../../src/platform/db/database';
import type { AppEnv, Services } from '../../src/platform/http/context';
import { silentLogger } from '../../src/platform/log';
import { buildApp, type ModuleMount } from '../../src/server';
import { AttemptLimiter } from '../../src/platform/auth/rate-limit';
import { JobRunner } from '../../src/platform/jobs/jobs';
import { nullMailer } from '../../src/platform/mail/mailer';
import { createTestDatabase } from './db';

export interface TestPlatform {
  app: OpenAPIHono<AppEnv>;
  services: Services;
  database: DatabaseHandle;
  /** Moves the platform's clock (sessions, lockouts, TOTP). */
  clock: { now: Date; advance(ms: number): void };
  close(): Promise<void>;
}

export async function createTestPlatform(opts: { start?: Date; loginAttemptsPerWindow?: number; extraModules?: ModuleMount[] } = {}): Promise<TestPlatform> {
  const database = await createTestDatabase();
  const clock = {
    now: opts.start ?? new Date('2026-11-27T01:00:00Z'),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  const services: Services = {
    db: database.db,
    cipher: new FieldCipher(new Map([['test', randomBytes(32)]]), 'test'),
    logger: silentLogger,
    now: () => clock.now,
    secureCookies: false,
    loginLimiter: new AttemptLimiter(opts.loginAttemptsPerWindow ?? 10_000, 10 * 60 * 1000),
    // Not started: tests run due jobs themselves with services.jobs.runDue().
    jobs: new JobRunner(database.db, () => clock.now, silentLogger),
    // Tests that look at e-mail replace this with a sender to a real in-process SMTP server.
    mailer: nullMailer,
  };
  const app = buildApp(services, { databaseKind: database.kind, extraModules: opts.extraModules ?? [] });
  return { app, services, database, clock, close: () => database.close() };
}
