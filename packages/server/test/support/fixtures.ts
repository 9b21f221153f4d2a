import { createStaff } from '../../src/modules/staff/service';
import { createMunicipality, listDepartments } from '../../src/modules/tenancy/service';
import { insertHouseholds } from '../../src/modules/registry/pg-registry';
import type { NewHousehold } from '../../src/modules/registry/types';
import { newTotpSecret, totpCode } from '../../src/platform/auth/totp';
import type { Role } from '../../src/platform/auth/roles';
import type { TestPlatform } from './platform';

export const PASSWORD = 'correct-horse-battery';

// The same departments as the demo city, so the shipped procedure catalogue can be seeded.
const DEPARTMENTS = [
  { code: 'shimin', name: '市民税務課', location: '1階 1・2番窓口' },
  { code: 'kenko', name: '健康増進課', location: '1階 4・5番窓口' },
  { code: 'fukushi', name: '福祉課', location: '1階 6番窓口' },
  { code: 'kodomo', name: 'こども未来課', location: '1階 7番窓口' },
  { code: 'gakko', name: '教育委員会 学校教育課', location: '2階 21番窓口' },
  { code: 'kankyo', name: '環境整備課', location: '2階 24番窓口' },
];

const yamada: NewHousehold = {
  postalCode: '9994221',
  address: { prefecture: '山形県', city: '尾花沢市', town: '若葉町一丁目', block: '2番3号', building: null },
  members: [
    { residentRecordCode: '10000000001', familyName: '山田', givenName: '太郎', familyNameKana: 'ヤマダ', givenNameKana: 'タロウ', birthDate: '1970-03-02', sex: 'male', relationship: '世帯主', residentSince: '1970-03-02', movedInFrom: null },
    { residentRecordCode: '10000000002', familyName: '山田', givenName: '花子', familyNameKana: 'ヤマダ', givenNameKana: 'ハナコ', birthDate: '1972-07-15', sex: 'female', relationship: '妻', residentSince: '1998-04-01', movedInFrom: '宮城県仙台市' },
    { residentRecordCode: '10000000003', familyName: '山田', givenName: '一郎', familyNameKana: 'ヤマダ', givenNameKana: 'イチロウ', birthDate: '2015-05-05', sex: 'male', relationship: '子', residentSince: '2015-05-05', movedInFrom: null },
  ],
};
const yamaguchi: NewHousehold = {
  postalCode: '9994222',
  address: { prefecture: '山形県', city: '尾花沢市', town: '新町二丁目', block: '5番1号', building: 'コーポ新町 101' },
  members: [
    { residentRecordCode: '10000000004', familyName: '山口', givenName: '正子', familyNameKana: 'ヤマグチ', givenNameKana: 'マサコ', birthDate: '1940-01-10', sex: 'female', relationship: '世帯主', residentSince: '1962-06-01', movedInFrom: '山形県村山市' },
  ],
};
const sato: NewHousehold = {
  postalCode: '9994111',
  address: { prefecture: '山形県', city: '北村山郡大石田町', town: '大字大石田', block: '123番地', building: null },
  members: [
    { residentRecordCode: '20000000001', familyName: '山田', givenName: '次郎', familyNameKana: 'ヤマダ', givenNameKana: 'ジロウ', birthDate: '1980-12-24', sex: 'male', relationship: '世帯主', residentSince: '1980-12-24', movedInFrom: null },
  ],
};

export interface Tenant {
  municipalityId: string;
  code: string;
  departments: Record<string, string>;
  staff: Record<string, string>;
  adminTotpSecret: Uint8Array;
}

export interface Fixtures {
  a: Tenant;
  b: Tenant;
  residents: { taro: string; hanako: string; ichiro: string; masako: string; jiro: string };
  households: { yamada: string; jiro: string };
}

async function seedTenant(p: TestPlatform, code: string, name: string, households: NewHousehold[]): Promise<Tenant> {
  const m = await p.services.db.transaction().execute((trx) => createMunicipality(trx, { localGovernmentCode: code, name, prefecture: '山形県', departments: DEPARTMENTS }));
  const depts = Object.fromEntries((await listDepartments(p.services.db, m.id)).map((d) => [d.code, d.id]));
  const staff: Record<string, string> = {};
  const people: [string, Role[], string][] = [
    ['clerk', ['counter_staff'], 'shimin'],
    ['reviewer', ['department_reviewer'], 'kodomo'],
    ['admin', ['municipality_admin'], 'shimin'],
    ['newadmin', ['municipality_admin'], 'shimin'],
  ];
  for (const [loginId, roles, dept] of people) {
    staff[loginId] = await createStaff(p.services, null, m.id, { loginId, displayName: `${name} ${loginId}`, password: PASSWORD, roles, departmentIds: [depts[dept]!] });
  }
  // The admin has a second factor set up; "newadmin" has not (to test the forced setup).
  const secret = newTotpSecret();
  await p.services.db.updateTable('staff_user')
    .set({ totp_secret: p.services.cipher.encrypt(secret, `totp:${m.id}:${staff.admin}`), totp_enabled: true })
    .where('municipality_id', '=', m.id).where('id', '=', staff.admin!).execute();
  await p.services.db.transaction().execute((trx) => insertHouseholds(trx, m.id, households, { kind: 'import', reason: 'テスト', recordedBy: null }));
  return { municipalityId: m.id, code, departments: depts, staff, adminTotpSecret: secret };
}

export async function seedFixtures(p: TestPlatform): Promise<Fixtures> {
  const a = await seedTenant(p, '062120', '尾花沢市', [yamada, yamaguchi]);
  const b = await seedTenant(p, '063410', '大石田町', [sato]);
  const ids = async (municipalityId: string) =>
    Object.fromEntries((await p.services.db.selectFrom('resident').select(['id', 'resident_record_code']).where('municipality_id', '=', municipalityId).execute()).map((r) => [r.resident_record_code, r.id]));
  const ra = await ids(a.municipalityId);
  const rb = await ids(b.municipalityId);
  const hh = async (municipalityId: string, residentId: string) =>
    (await p.services.db.selectFrom('resident').select('household_id').where('municipality_id', '=', municipalityId).where('id', '=', residentId).executeTakeFirstOrThrow()).household_id;
  return {
    a, b,
    residents: { taro: ra['10000000001']!, hanako: ra['10000000002']!, ichiro: ra['10000000003']!, masako: ra['10000000004']!, jiro: rb['20000000001']! },
    households: { yamada: await hh(a.municipalityId, ra['10000000001']!), jiro: await hh(b.municipalityId, rb['20000000001']!) },
  };
}

export interface Reply {
  status: number;
  body: unknown;
  headers: Headers;
  // Convenience accessors for the common error shape.
  code?: string;
}

export async function call(p: TestPlatform, method: string, path: string, opts: { cookie?: string; body?: unknown; rawBody?: BodyInit; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.cookie) headers.cookie = opts.cookie;
  let body: BodyInit | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await p.app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  const code = (parsed as { error?: { code?: string } } | null)?.error?.code;
  return { status: res.status, body: parsed, headers: res.headers, ...(code ? { code } : {}) };
}

export async function loginAs(p: TestPlatform, tenant: Tenant, loginId: string): Promise<string> {
  const body: Record<string, string> = { municipalityCode: tenant.code, loginId, password: PASSWORD };
  if (loginId === 'admin') {
    // A TOTP code is accepted once; step the clock so repeated admin logins get fresh codes.
    p.clock.advance(30_000);
    body.totpCode = totpCode(tenant.adminTotpSecret, p.services.now());
  }
  const res = await p.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`login as ${loginId} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0]!;
}
