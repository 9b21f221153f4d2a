import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, PASSWORD, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { totpCode } from '../../platform/auth/totp';
import { IDLE_TIMEOUT_MS, ABSOLUTE_TIMEOUT_MS } from '../../platform/auth/session';

let p: TestPlatform;
let f: Fixtures;

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
});
afterAll(() => p.close());

const login = (body: Record<string, unknown>) => call(p, 'POST', '/api/auth/login', { body });

describe('login', () => {
  it('sets an HttpOnly, SameSite session cookie and stores only the token hash', async () => {
    const res = await login({ municipalityCode: '062120', loginId: 'clerk', password: PASSWORD });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^madoguchi_session=[a-z2-7]{32};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const token = cookie.split(';')[0]!.split('=')[1]!;
    const rows = await p.services.db.selectFrom('staff_session').select('token_hash').execute();
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
    const me = await call(p, 'GET', '/api/auth/me', { cookie: cookie.split(';')[0]! });
    expect(me.body).toMatchObject({ staff: { loginId: 'clerk', roles: ['counter_staff'], municipality: { name: '尾花沢市' } } });
  });

  it('gives the same answer for an unknown user, a wrong password and a wrong municipality', async () => {
    const a = await login({ municipalityCode: '062120', loginId: 'nobody', password: PASSWORD });
    const b = await login({ municipalityCode: '062120', loginId: 'reviewer', password: 'wrong-password-123' });
    const c = await login({ municipalityCode: '011002', loginId: 'clerk', password: PASSWORD });
    for (const r of [a, b, c]) {
      expect(r.status).toBe(401);
      expect(r.code).toBe('AUTH_INVALID_CREDENTIALS');
    }
    expect(JSON.stringify(a.body)).toBe(JSON.stringify(b.body));
  });

  it('locks an account after five failures in a row, and unlocks after 15 minutes', async () => {
    for (let i = 0; i < 4; i++) expect((await login({ municipalityCode: '063410', loginId: 'clerk', password: 'nope-nope-nope' })).code).toBe('AUTH_INVALID_CREDENTIALS');
    const fifth = await login({ municipalityCode: '063410', loginId: 'clerk', password: 'nope-nope-nope' });
    expect(fifth.status).toBe(429);
    expect(fifth.code).toBe('AUTH_LOCKED');
    expect((fifth.body as { error: { message: string } }).error.message).toMatch(/以降にもう一度/);
    // Even the right password is refused while locked.
    expect((await login({ municipalityCode: '063410', loginId: 'clerk', password: PASSWORD })).code).toBe('AUTH_LOCKED');
    p.clock.advance(15 * 60 * 1000 + 1000);
    expect((await login({ municipalityCode: '063410', loginId: 'clerk', password: PASSWORD })).status).toBe(200);
    const failures = await p.services.db.selectFrom('audit_event').select('details').where('municipality_id', '=', f.b.municipalityId).where('action', '=', 'auth.login_failed').execute();
    expect(failures).toHaveLength(5);
  });

  it('asks admins with TOTP for the code, refuses a wrong or replayed one', async () => {
    const base = { municipalityCode: '062120', loginId: 'admin', password: PASSWORD };
    expect((await login(base)).code).toBe('AUTH_TOTP_REQUIRED');
    expect((await login({ ...base, totpCode: '000000' })).code).toBe('AUTH_TOTP_INVALID');
    p.clock.advance(30_000);
    const code = totpCode(f.a.adminTotpSecret, p.services.now());
    expect((await login({ ...base, totpCode: code })).status).toBe(200);
    expect((await login({ ...base, totpCode: code })).code).toBe('AUTH_TOTP_INVALID');
  });

  it('rejects malformed and unexpected input with field details', async () => {
    const res = await login({ municipalityCode: '62120', loginId: '', password: 'x', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.code).toBe('VALIDATION_FAILED');
    const paths = (res.body as { error: { details: { path: string; message: string }[] } }).error.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['municipalityCode', 'loginId']));
    expect(JSON.stringify(res.body)).toMatch(/使用できない項目/);
  });
});

describe('sessions', () => {
  it('end after an hour idle', async () => {
    const cookie = await loginAs(p, f.a, 'reviewer');
    p.clock.advance(IDLE_TIMEOUT_MS - 60_000);
    expect((await call(p, 'GET', '/api/auth/me', { cookie })).status).toBe(200);
    p.clock.advance(IDLE_TIMEOUT_MS + 1000);
    expect((await call(p, 'GET', '/api/auth/me', { cookie })).code).toBe('AUTH_REQUIRED');
  });

  it('end after the absolute limit even when active', async () => {
    const cookie = await loginAs(p, f.a, 'reviewer');
    for (let t = 0; t < ABSOLUTE_TIMEOUT_MS; t += 50 * 60 * 1000) {
      p.clock.advance(50 * 60 * 1000);
      const status = (await call(p, 'GET', '/api/auth/me', { cookie })).status;
      if (t + 50 * 60 * 1000 >= ABSOLUTE_TIMEOUT_MS) expect(status).toBe(401);
      else expect(status).toBe(200);
    }
  });

  it('end at logout', async () => {
    const cookie = await loginAs(p, f.a, 'clerk');
    expect((await call(p, 'POST', '/api/auth/logout', { cookie, headers: { 'content-length': '0' } })).status).toBe(204);
    expect((await call(p, 'GET', '/api/auth/me', { cookie })).status).toBe(401);
  });
});

describe('CSRF defence', () => {
  it('refuses a mutation from a foreign origin', async () => {
    const res = await call(p, 'POST', '/api/auth/login', { body: { municipalityCode: '062120', loginId: 'clerk', password: PASSWORD }, headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(res.code).toBe('CSRF_ORIGIN_REJECTED');
  });

  it('refuses a form-encoded mutation', async () => {
    const res = await call(p, 'POST', '/api/auth/login', { rawBody: 'municipalityCode=062120&loginId=clerk', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '37' } });
    expect(res.status).toBe(415);
    expect(res.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('accepts the same-origin request', async () => {
    const res = await call(p, 'POST', '/api/auth/login', { body: { municipalityCode: '062120', loginId: 'clerk', password: PASSWORD }, headers: { origin: 'http://localhost', host: 'localhost' } });
    expect(res.status).toBe(200);
  });
});

describe('TOTP enrolment for a new admin', () => {
  it('forces setup, then enables with a valid code', async () => {
    const cookie = await loginAs(p, f.a, 'newadmin');
    expect((await call(p, 'GET', '/api/admin/staff', { cookie })).code).toBe('AUTH_TOTP_SETUP_REQUIRED');
    const setup = await call(p, 'POST', '/api/auth/totp/setup', { cookie, headers: { 'content-length': '0' } });
    const { secret, otpauthUri } = setup.body as { secret: string; otpauthUri: string };
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    expect((await call(p, 'POST', '/api/auth/totp/enable', { cookie, body: { code: '123456' } })).code).toBe('AUTH_TOTP_INVALID');
    const key = base32Decode(secret);
    const ok = await call(p, 'POST', '/api/auth/totp/enable', { cookie, body: { code: totpCode(key, p.services.now()) } });
    expect(ok.status).toBe(204);
    expect((await call(p, 'GET', '/api/admin/staff', { cookie })).status).toBe(200);
    // The secret is stored encrypted, not as the text shown once to the admin.
    const row = await p.services.db.selectFrom('staff_user').select('totp_secret').where('id', '=', f.a.staff.newadmin!).executeTakeFirstOrThrow();
    expect(Buffer.from(row.totp_secret!).includes(Buffer.from(key))).toBe(false);
  });
});

function base32Decode(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of text) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const out = new Uint8Array(Math.floor(bits.length / 8));
  for (let i = 0; i < out.length; i++) out[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  return out;
}

describe('login rate limit per client', () => {
  it('refuses a burst of attempts from one address with 429 and a Japanese wait message', async () => {
    const q = await createTestPlatform({ loginAttemptsPerWindow: 3 });
    try {
      await seedFixtures(q);
      const attempt = () => call(q, 'POST', '/api/auth/login', { body: { municipalityCode: '062120', loginId: 'nobody', password: 'whatever-123' } });
      for (let i = 0; i < 3; i++) expect((await attempt()).code).toBe('AUTH_INVALID_CREDENTIALS');
      const blocked = await attempt();
      expect(blocked.status).toBe(429);
      expect(blocked.code).toBe('AUTH_RATE_LIMITED');
      expect((blocked.body as { error: { message: string } }).error.message).toMatch(/分ほど待って/);
      q.clock.advance(10 * 60 * 1000);
      expect((await attempt()).code).toBe('AUTH_INVALID_CREDENTIALS');
    } finally {
      await q.close();
    }
  });
});
