import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { AttemptLimiter } from '../../platform/auth/rate-limit';
import { errorResponses, jsonBody, jsonContent, type AppEnv, type Services } from '../../platform/http/context';
import { AppError, notFound } from '../../platform/http/errors';
import { findMunicipalityByCode } from '../tenancy/service';
import { VisitStateSchema } from './model';
import { chooseEntryProcedures, createEntry, entryInterview, entryProposals, formatEntryCode, getEntry, saveEntry, submitEntry } from './entries';

/**
 * Pages residents use without an account: the 記載台 kiosk and the home pre-entry. The
 * municipality is named by its 全国地方公共団体コード; an entry by its unguessable code, which is
 * also what the QR code holds. Replies carry only what the resident entered themselves.
 */

const Lgc = z.object({ lgc: z.string().regex(/^\d{6}$/, '自治体コード（6桁）が正しくありません。') });
const LgcCode = Lgc.extend({ code: z.string().min(16).max(40) });
const EntrySchema = z.object({
  channel: z.enum(['kiosk', 'home']), status: z.enum(['draft', 'submitted', 'picked_up']), revision: z.number().int(), state: VisitStateSchema,
  kioskNumber: z.string().nullable(), createdAt: z.string(), submittedAt: z.string().nullable(), expiresAt: z.string(),
}).openapi('CounterEntry');

function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function mountPublicCounterRoutes(api: OpenAPIHono<AppEnv>, services: Services) {
  // A family fills one entry or two; a script creating thousands is refused.
  const creations = new AttemptLimiter(20, 10 * 60_000);
  const municipalityOf = async (lgc: string) => {
    const m = await findMunicipalityByCode(services.db, lgc);
    if (!m) throw notFound('MUNICIPALITY_NOT_FOUND', 'この自治体コードの市区町村は登録されていません。URLを確かめてください。');
    return m;
  };

  api.openapi(
    createRoute({
      method: 'get', path: '/public/{lgc}/counter', tags: ['counter-public'], summary: '記載台・事前申請のページの自治体情報（公開）',
      request: { params: Lgc },
      responses: { 200: jsonContent(z.object({ municipality: z.object({ name: z.string(), prefecture: z.string(), localGovernmentCode: z.string() }) })), ...errorResponses },
    }),
    async (c) => {
      const m = await municipalityOf(c.req.valid('param').lgc);
      return c.json({ municipality: { name: m.name, prefecture: m.prefecture, localGovernmentCode: m.localGovernmentCode } }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post', path: '/public/{lgc}/counter/entries', tags: ['counter-public'], summary: '記載台・自宅での入力を始める（受付コードを発行）',
      request: { params: Lgc, body: jsonBody(z.strictObject({ channel: z.enum(['kiosk', 'home']) })) },
      responses: { 201: jsonContent(z.object({ code: z.string(), displayCode: z.string(), entry: EntrySchema })), 429: { description: '短時間に多すぎる' }, ...errorResponses },
    }),
    async (c) => {
      const wait = creations.hit(clientAddress(c), services.now().getTime());
      if (wait > 0) throw new AppError(429, 'ENTRY_RATE_LIMITED', `短い時間に多くの入力が始められました。${Math.ceil(wait / 60_000)}分ほど待ってから、もう一度お試しください。`);
      const m = await municipalityOf(c.req.valid('param').lgc);
      const { code, entry } = await createEntry(services, m.id, c.req.valid('json').channel);
      return c.json({ code, displayCode: formatEntryCode(code), entry }, 201);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/public/{lgc}/counter/entries/{code}', tags: ['counter-public'], summary: '入力の続き（受付コードで開く）', request: { params: LgcCode }, responses: { 200: jsonContent(z.object({ entry: EntrySchema })), ...errorResponses } }),
    async (c) => {
      const { lgc, code } = c.req.valid('param');
      return c.json({ entry: await getEntry(services, (await municipalityOf(lgc)).id, code) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'put', path: '/public/{lgc}/counter/entries/{code}', tags: ['counter-public'], summary: '入力を保存する',
      request: { params: LgcCode, body: jsonBody(z.strictObject({ revision: z.number().int().positive(), state: VisitStateSchema })) },
      responses: { 200: jsonContent(z.object({ entry: EntrySchema })), ...errorResponses },
    }),
    async (c) => {
      const { lgc, code } = c.req.valid('param');
      return c.json({ entry: await saveEntry(services, (await municipalityOf(lgc)).id, code, c.req.valid('json')) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get', path: '/public/{lgc}/counter/entries/{code}/proposals', tags: ['counter-public'], summary: '必要な手続きの候補（手続きナビ）',
      request: { params: LgcCode }, responses: { 200: jsonContent(z.object({ proposals: z.array(z.record(z.string(), z.unknown())) })), ...errorResponses },
    }),
    async (c) => {
      const { lgc, code } = c.req.valid('param');
      return c.json({ proposals: (await entryProposals(services, (await municipalityOf(lgc)).id, code)) as unknown as Record<string, unknown>[] }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post', path: '/public/{lgc}/counter/entries/{code}/procedures', tags: ['counter-public'], summary: '行う手続きを選ぶ',
      request: { params: LgcCode, body: jsonBody(z.strictObject({ revision: z.number().int().positive(), chosen: z.array(z.string().max(100)).max(40) })) },
      responses: { 200: jsonContent(z.object({ entry: EntrySchema })), ...errorResponses },
    }),
    async (c) => {
      const { lgc, code } = c.req.valid('param');
      return c.json({ entry: await chooseEntryProcedures(services, (await municipalityOf(lgc)).id, code, c.req.valid('json')) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get', path: '/public/{lgc}/counter/entries/{code}/interview', tags: ['counter-public'], summary: '入力する項目（選んだ手続きをまとめたもの）',
      request: { params: LgcCode }, responses: { 200: jsonContent(z.object({ interview: z.record(z.string(), z.unknown()) })), ...errorResponses },
    }),
    async (c) => {
      const { lgc, code } = c.req.valid('param');
      return c.json({ interview: (await entryInterview(services, (await municipalityOf(lgc)).id, code)) as unknown as Record<string, unknown> }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post', path: '/public/{lgc}/counter/entries/{code}/submit', tags: ['counter-public'], summary: '入力を窓口に送る（記載台は受付番号を発行）',
      request: { params: LgcCode }, responses: { 200: jsonContent(z.object({ entry: EntrySchema })), ...errorResponses },
    }),
    async (c) => {
      const { lgc, code } = c.req.valid('param');
      return c.json({ entry: await submitEntry(services, (await municipalityOf(lgc)).id, code) }, 200);
    },
  );
}
