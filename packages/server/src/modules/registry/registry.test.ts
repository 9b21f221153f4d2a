import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { insertHouseholds } from './pg-registry';

let p: TestPlatform;
let f: Fixtures;
let clerk: string;

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  clerk = await loginAs(p, f.a, 'clerk');
});
afterAll(() => p.close());

type Items = { items: { id: string; name: string; kana: string; birthDateWareki: string; age: number; address: string }[]; total: number; totalIsLowerBound: boolean };

describe('resident search', () => {
  it.each([
    ['half-width kana', 'ﾔﾏﾀﾞ'],
    ['hiragana', 'やまだ'],
    ['katakana', 'ヤマダ'],
    ['kana with a full-width space', 'ヤマダ　タ'],
    ['kanji', '山田'],
    ['kanji with a space', '山田 太'],
  ])('finds 山田 by %s', async (_label, q) => {
    const res = await call(p, 'GET', `/api/residents?q=${encodeURIComponent(q)}`, { cookie: clerk });
    expect(res.status).toBe(200);
    const body = res.body as Items;
    expect(body.items.map((r) => r.name)).toContain('山田 太郎');
    // Never the other tenant's 山田 次郎.
    expect(body.items.map((r) => r.name)).not.toContain('山田 次郎');
    expect(body.items.every((r) => r.name.startsWith('山田'))).toBe(true);
  });

  it('orders by reading (五十音), family-name matches before given-name matches', async () => {
    const body = (await call(p, 'GET', `/api/residents?q=${encodeURIComponent('ヤマ')}`, { cookie: clerk })).body as Items;
    expect(body.items.map((r) => r.name)).toEqual(['山口 正子', '山田 一郎', '山田 太郎', '山田 花子']);
    expect(body).toMatchObject({ total: 4, totalIsLowerBound: false });
  });

  it('pages through results with offset and limit', async () => {
    const page2 = (await call(p, 'GET', `/api/residents?q=${encodeURIComponent('ヤマ')}&limit=2&offset=2`, { cookie: clerk })).body as Items;
    expect(page2.items.map((r) => r.name)).toEqual(['山田 太郎', '山田 花子']);
    expect(page2.total).toBe(4);
  });

  it('finds by the given name reading', async () => {
    const body = (await call(p, 'GET', `/api/residents?q=${encodeURIComponent('ﾊﾅｺ')}`, { cookie: clerk })).body as Items;
    expect(body.items.map((r) => r.name)).toEqual(['山田 花子']);
  });

  it('finds by birth date typed in 和暦, 西暦, or as a year', async () => {
    for (const birth of ['昭和45年3月2日', 'S45.3.2', '1970-03-02', '昭和45年']) {
      const body = (await call(p, 'GET', `/api/residents?birth=${encodeURIComponent(birth)}`, { cookie: clerk })).body as Items;
      expect(body.items.map((r) => r.name), birth).toEqual(['山田 太郎']);
      expect(body.items[0]!.birthDateWareki).toBe('昭和45年3月2日');
    }
  });

  it('finds by part of the address, including the 方書', async () => {
    const body = (await call(p, 'GET', `/api/residents?address=${encodeURIComponent('コーポ新町')}`, { cookie: clerk })).body as Items;
    expect(body.items.map((r) => r.name)).toEqual(['山口 正子']);
    expect(body.items[0]!.address).toBe('山形県尾花沢市新町二丁目5番1号 コーポ新町 101');
  });

  it('treats LIKE wildcards in the query as plain text', async () => {
    const body = (await call(p, 'GET', `/api/residents?q=${encodeURIComponent('%')}`, { cookie: clerk })).body as Items;
    expect(body.total).toBe(0);
  });

  it('refuses an empty search and an impossible date, in Japanese', async () => {
    const empty = await call(p, 'GET', '/api/residents', { cookie: clerk });
    expect(empty.status).toBe(400);
    expect(empty.code).toBe('QUERY_TOO_BROAD');
    const bad = await call(p, 'GET', `/api/residents?birth=${encodeURIComponent('令和0年1月1日')}`, { cookie: clerk });
    expect(bad.status).toBe(400);
    expect(bad.code).toBe('INVALID_DATE');
    expect((bad.body as { error: { message: string } }).error.message).toMatch(/令和/);
  });

  it('needs a login', async () => {
    const res = await call(p, 'GET', '/api/residents?q=ヤマダ');
    expect(res.status).toBe(401);
    expect(res.code).toBe('AUTH_REQUIRED');
  });
});

describe('large result sets', () => {
  it('counts up to 1,000 and then says there are more', async () => {
    const members = Array.from({ length: 1005 }, (_, i) => ({
      residentRecordCode: String(90000000000 + i), familyName: '手巣', givenName: '太郎', familyNameKana: 'テスト', givenNameKana: 'タロウ',
      birthDate: '1990-01-01', sex: 'male' as const, relationship: i === 0 ? '世帯主' : '同居人', residentSince: '2020-01-01', movedInFrom: null,
    }));
    await p.services.db.transaction().execute((trx) => insertHouseholds(trx, f.a.municipalityId, [{ postalCode: '9994221', address: { prefecture: '山形県', city: '尾花沢市', town: '若葉町一丁目', block: '9番9号', building: null }, members }], { kind: 'import', reason: 'テスト', recordedBy: null }));
    const body = (await call(p, 'GET', `/api/residents?q=${encodeURIComponent('ﾃｽﾄ')}`, { cookie: clerk })).body as Items & { totalIsLowerBound: boolean };
    expect(body.items).toHaveLength(20);
    expect(body.total).toBe(1000);
    expect(body.totalIsLowerBound).toBe(true);
  });
});

describe('resident detail', () => {
  it('shows the person, the household and the history', async () => {
    const res = await call(p, 'GET', `/api/residents/${f.residents.hanako}`, { cookie: clerk });
    expect(res.status).toBe(200);
    const body = res.body as {
      resident: { name: string; kana: string; residentRecordCode: string; movedInFrom: string };
      household: { members: { name: string; relationship: string }[]; householderId: string };
      history: { kindLabel: string; effectiveDateWareki: string }[];
    };
    expect(body.resident.kana).toBe('ヤマダ ハナコ');
    expect(body.resident.movedInFrom).toBe('宮城県仙台市');
    expect(body.household.members.map((m) => `${m.relationship}:${m.name}`)).toEqual(['世帯主:山田 太郎', '妻:山田 花子', '子:山田 一郎']);
    expect(body.household.householderId).toBe(f.residents.taro);
    expect(body.history[0]).toMatchObject({ kindLabel: 'データ取込', effectiveDateWareki: '平成10年4月1日' });
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expect((await call(p, 'GET', '/api/residents/00000000-0000-4000-8000-000000000000', { cookie: clerk })).code).toBe('RESIDENT_NOT_FOUND');
    const bad = await call(p, 'GET', '/api/residents/not-a-uuid', { cookie: clerk });
    expect(bad.status).toBe(400);
    expect(bad.code).toBe('VALIDATION_FAILED');
  });

  it('records every read in the audit log with who and why', async () => {
    await call(p, 'GET', `/api/residents/${f.residents.ichiro}?purpose=${encodeURIComponent('児童手当の確認')}`, { cookie: clerk });
    const rows = await p.services.db.selectFrom('audit_event').selectAll()
      .where('municipality_id', '=', f.a.municipalityId).where('action', '=', 'resident.read').where('subject_id', '=', f.residents.ichiro).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_staff_id: f.a.staff.clerk, purpose: '児童手当の確認' });
  });
});
