import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { HTTPException } from 'hono/http-exception';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { serveStatic } from '@hono/node-server/serve-static';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { AppError, errorBody } from './errors';
import { createRouter, type AppEnv, type Services } from './context';
import { csrfGuard, sessionLoader } from './security';

export interface AppOptions {
  services: Services;
  /** Mounts the feature modules' routers on the /api router. */
  modules: ((api: OpenAPIHono<AppEnv>) => void)[];
  webDist?: string | null;
  allowedOrigins?: string[];
  databaseKind: string;
}

const JSON_LIMIT = 1024 * 1024;
const CSV_LIMIT = 20 * 1024 * 1024;

export function createApp(opts: AppOptions): OpenAPIHono<AppEnv> {
  const { services } = opts;
  const app = createRouter();

  app.use('*', requestId({ headerName: 'x-request-id', generator: () => crypto.randomUUID() }));
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    // routePath is the pattern (/api/residents/:id), so ids and query strings never reach the log.
    services.logger.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'", 'ws://127.0.0.1:*', 'ws://localhost:*'],
        // The catalogue editor embeds its PDF previews (/api/…/preview.pdf); nothing else may be framed.
        frameAncestors: [(c) => (c.req.path.endsWith('.pdf') ? "'self'" : "'none'")],
      },
    }),
  );

  app.use('/api/*', async (c, next) => {
    // CSV imports and file uploads (octet-stream: attachments, checked again by their module) may be larger.
    const isCsv = (c.req.header('content-type') ?? '').startsWith('text/csv') || (c.req.header('content-type') ?? '').startsWith('application/octet-stream');
    return bodyLimit({
      maxSize: isCsv ? CSV_LIMIT : JSON_LIMIT,
      onError: () => {
        throw new AppError(413, 'BODY_TOO_LARGE', `送信できる大きさ（${isCsv ? '20MB' : '1MB'}）を超えています。内容を分けて送信してください。`);
      },
    })(c, next);
  });
  app.use('/api/*', csrfGuard(opts.allowedOrigins ?? []));
  app.use('/api/*', sessionLoader(services));
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });

  const api = createRouter();
  api.get('/health', (c) => c.json({ status: 'ok', database: opts.databaseKind }));
  for (const mount of opts.modules) mount(api);
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'madoguchi API', version: '0.1.0', description: '自治体フロントオフィス（3ない窓口）のAPI' },
  });
  api.notFound((c) =>
    c.json(errorBody(new AppError(404, 'NOT_FOUND', 'このAPIはありません。URLを確認してください。')), 404),
  );
  app.route('/api', api);

  if (opts.webDist) mountWeb(app, opts.webDist);

  app.notFound((c) => c.json(errorBody(new AppError(404, 'NOT_FOUND', 'ページが見つかりません。')), 404));
  app.onError((err, c) => {
    if (err instanceof AppError) return c.json(errorBody(err), err.status);
    if (err instanceof HTTPException) {
      const malformed = err.status === 400 && /json/i.test(err.message);
      const mapped = malformed
        ? new AppError(400, 'MALFORMED_JSON', '送信内容がJSONとして読み取れません。形式を確認してください。')
        : new AppError(err.status, 'HTTP_ERROR', '要求を処理できませんでした。');
      return c.json(errorBody(mapped), mapped.status);
    }
    services.logger.error('unhandled error', {
      requestId: c.get('requestId'),
      route: c.req.routePath,
      errorName: err instanceof Error ? err.name : 'unknown',
      stack: err instanceof Error ? err.stack : undefined,
    });
    return c.json(
      errorBody(new AppError(500, 'INTERNAL_ERROR', `システムで問題が発生しました。時間をおいてやり直し、続く場合は管理者に連絡してください（問い合わせ番号: ${c.get('requestId')}）。`)),
      500,
    );
  });
  return app;
}

function mountWeb(app: OpenAPIHono<AppEnv>, webDist: string) {
  const root = path.relative(process.cwd(), webDist) || '.';
  const indexFile = path.join(webDist, 'index.html');
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('cache-control', 'public, max-age=31536000, immutable');
  });
  app.use('*', serveStatic({ root }));
  // Client-side routes (/residents/…) get the app shell.
  app.get('*', async (c) => {
    if (c.req.path.startsWith('/api/')) return c.notFound();
    const html = await readFile(indexFile, 'utf8');
    return c.html(html);
  });
}
