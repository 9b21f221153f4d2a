import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStubApiServer, type StubApiServer } from '../testing/stubApiServer';
import { createApiClient, type ApiClient } from './client';
import { ApiError, NETWORK_ERROR_MESSAGE, SERVER_ERROR_MESSAGE, detailsByPath } from './errors';
import type { Me } from './types';

const me: Me = {
  id: 'staff-1',
  loginId: 'clerk',
  displayName: '窓口 花子',
  roles: ['counter_staff'],
  departmentIds: ['dep-1'],
  totpEnabled: false,
  municipality: { id: 'm-1', name: '尾花沢市', localGovernmentCode: '062120', prefecture: '山形県' },
};

let server: StubApiServer;
let api: ApiClient;

beforeAll(async () => {
  server = await startStubApiServer();
  api = createApiClient({ baseUrl: server.baseUrl });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('error mapping', () => {
  it('keeps the code, Japanese message, details and request id of a contract error', async () => {
    server.on('GET', '/api/residents', {
      status: 400,
      headers: { 'x-request-id': 'req-42' },
      json: {
        error: {
          code: 'INVALID_DATE',
          message: '生年月日を読み取れません。',
          details: [{ path: 'birth', message: '「昭和99年」は存在しない年です。' }, { bogus: true }],
        },
      },
    });
    const error = await caught(api.residents.search({ birth: '昭和99年' }));
    expect(error.status).toBe(400);
    expect(error.code).toBe('INVALID_DATE');
    expect(error.message).toBe('生年月日を読み取れません。');
    expect(error.details).toEqual([{ path: 'birth', message: '「昭和99年」は存在しない年です。' }]);
    expect(error.requestId).toBe('req-42');
    expect(detailsByPath(error).get('birth')).toBe('「昭和99年」は存在しない年です。');
  });

  it('files a nested field error under its top field as well', async () => {
    server.on('POST', '/api/admin/staff', {
      status: 400,
      json: {
        error: {
          code: 'VALIDATION_FAILED',
          message: '入力内容に誤りがあります。',
          details: [{ path: 'roles.0', message: '役割の値が正しくありません。' }],
        },
      },
    });
    const error = await caught(
      api.staff.create({ loginId: 'x1', displayName: 'x', password: 'p', roles: [], departmentIds: [] }),
    );
    expect(detailsByPath(error).get('roles')).toBe('役割の値が正しくありません。');
    expect(detailsByPath(error).get('roles.0')).toBe('役割の値が正しくありません。');
  });

  it('replaces a non-contract 5xx body with a message that says what to do', async () => {
    server.on('GET', '/api/municipality', { status: 502, text: '<html>Bad Gateway</html>' });
    const error = await caught(api.municipality.get());
    expect(error.code).toBe('SERVER_ERROR');
    expect(error.message).toBe(SERVER_ERROR_MESSAGE);
  });

  it('reports an unreachable server as a network error in Japanese', async () => {
    const offline = createApiClient({ baseUrl: 'http://127.0.0.1:1' });
    const error = await caught(offline.municipality.get());
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.status).toBe(0);
    expect(error.message).toBe(NETWORK_ERROR_MESSAGE);
  });

  it('treats 401 from /auth/me as "not signed in" rather than an error', async () => {
    server.on('GET', '/api/auth/me', {
      status: 401,
      json: { error: { code: 'AUTH_REQUIRED', message: 'ログインしてください。' } },
    });
    await expect(api.auth.me()).resolves.toBeNull();
  });

  it('still surfaces other failures of /auth/me', async () => {
    server.on('GET', '/api/auth/me', { status: 500, json: { error: { code: 'INTERNAL', message: '内部エラーです。' } } });
    const error = await caught(api.auth.me());
    expect(error.code).toBe('INTERNAL');
  });
});

describe('requests', () => {
  it('logs in with a JSON body and unwraps the staff member', async () => {
    server.on('POST', '/api/auth/login', { status: 200, json: { staff: me } });
    const staff = await api.auth.login({ municipalityCode: '062120', loginId: 'clerk', password: 'pw' });
    expect(staff.displayName).toBe('窓口 花子');
    const [request] = server.requests;
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body.toString() ?? '')).toEqual({
      municipalityCode: '062120',
      loginId: 'clerk',
      password: 'pw',
    });
  });

  it('leaves empty search criteria out of the query string', async () => {
    server.on('GET', '/api/residents', { status: 200, json: { items: [], total: 0 } });
    await api.residents.search({ q: 'ﾔﾏﾀﾞ', birth: '', address: undefined, limit: 20, offset: 0 });
    const query = server.requests[0]?.query;
    expect(query?.get('q')).toBe('ﾔﾏﾀﾞ');
    expect(query?.has('birth')).toBe(false);
    expect(query?.has('address')).toBe(false);
    expect(query?.get('limit')).toBe('20');
  });

  it('sends a JSON content type on a bodiless POST, as the server requires', async () => {
    server.on('POST', '/api/auth/logout', { status: 204 });
    await api.auth.logout();
    expect(server.requests[0]?.headers['content-type']).toBe('application/json');
  });

  it('uploads CSV bytes unchanged with the dry-run flag', async () => {
    server.on('POST', '/api/registry/import', { status: 200, json: { dryRun: true, imported: 2, households: 1, encoding: 'Shift_JIS' } });
    const shiftJisBytes = new Uint8Array([0x8e, 0x52, 0x93, 0x63]); // 「山田」 in Shift_JIS
    const result = await api.registry.importCsv(new Blob([shiftJisBytes]), true);
    expect(result.imported).toBe(2);
    expect(result.encoding).toBe('Shift_JIS');
    const request = server.requests[0];
    expect(request?.headers['content-type']).toBe('text/csv');
    expect(request?.query.get('dryRun')).toBe('true');
    expect([...(request?.body ?? [])]).toEqual([...shiftJisBytes]);
  });

  it('escapes ids placed in the path', async () => {
    server.on('PATCH', '/api/admin/staff/a%2Fb', { status: 200, json: {} });
    await api.staff.update('a/b', { active: false });
    expect(server.requests[0]?.path).toBe('/api/admin/staff/a%2Fb');
  });
});
