import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A real HTTP server speaking the API contract's wire format, so tests exercise the real client,
// fetch and JSON handling rather than a mocked module.

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface StubReply {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export type StubHandler = (request: RecordedRequest) => StubReply | Promise<StubReply>;

export interface StubApiServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Replaces the handler for `METHOD /path` (path without the query string). */
  on(method: string, path: string, handler: StubHandler | StubReply): void;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function writeReply(response: ServerResponse, reply: StubReply): void {
  const headers: Record<string, string> = { 'x-request-id': 'req-test-1', ...reply.headers };
  if (reply.json !== undefined) {
    response.writeHead(reply.status, { 'Content-Type': 'application/json', ...headers });
    response.end(JSON.stringify(reply.json));
    return;
  }
  response.writeHead(reply.status, headers);
  response.end(reply.text ?? '');
}

export async function startStubApiServer(): Promise<StubApiServer> {
  const handlers = new Map<string, StubHandler>();
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://stub');
      const recorded: RecordedRequest = {
        method: request.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body: await readBody(request),
      };
      requests.push(recorded);
      const handler = handlers.get(`${recorded.method} ${recorded.path}`);
      const reply: StubReply = handler
        ? await handler(recorded)
        : { status: 404, json: { error: { code: 'NOT_FOUND', message: 'テスト用サーバーに該当する応答がありません。' } } };
      writeReply(response, reply);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    on(method, path, handler) {
      handlers.set(`${method} ${path}`, typeof handler === 'function' ? handler : () => handler);
    },
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
