import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { FieldCipher } from '../crypto/field-encryption';
import type { Logger } from '../log';
import type { StaffPrincipal } from '../auth/roles';
import { AppError } from './errors';
import type { AttemptLimiter } from '../auth/rate-limit';
import type { JobRunner } from '../jobs/jobs';
import type { MailSender } from '../mail/mailer';

z.config(z.locales.ja());

/** What every module's routes and services are given; nothing reaches for globals. */
export interface Services {
  db: Kysely<Database>;
  cipher: FieldCipher;
  logger: Logger;
  now: () => Date;
  secureCookies: boolean;
  /** Login attempts per client address. */
  loginLimiter: AttemptLimiter;
  /** The outbox's worker: modules register handlers for the jobs their changes enqueue. */
  jobs: JobRunner;
  /** Outgoing e-mail (reservation reminders); a no-op sender when no SMTP server is configured. */
  mailer: MailSender;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    staff: StaffPrincipal | undefined;
  };
}

/** zod's issue list → our field-level error details. */
export function validationError(issues: readonly z.core.$ZodIssue[], where: 'body' | 'query' | 'param' | string): AppError {
  const details = issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join('.') : where,
    message: issue.code === 'unrecognized_keys'
      ? `使用できない項目が含まれています: ${issue.keys.join(', ')}`
      : issue.message,
  }));
  return new AppError(400, 'VALIDATION_FAILED', '入力内容に誤りがあります。項目ごとの説明を確認して修正してください。', details);
}

export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) throw validationError(result.error.issues, result.target);
      return undefined;
    },
  });
}

/** Shared OpenAPI pieces. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'VALIDATION_FAILED' }),
      message: z.string().openapi({ example: '入力内容に誤りがあります。' }),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi('Error');

export const errorResponses = {
  400: { description: '入力誤り', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: '未ログイン', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: '権限なし', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: '見つからない', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

export const jsonContent = <T extends z.ZodType>(schema: T, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});
