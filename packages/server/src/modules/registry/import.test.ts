import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { parseCsv } from './csv';

let p: TestPlatform;
let f: Fixtures;
let admin: string;

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  admin = await loginAs(p, f.a, 'admin');
});
afterAll(() => p.close());

const HEADER = '世帯番号,住民票コード,氏,名,氏カナ,名カナ,生年月日,性別,続柄,郵便番号,都道府県,市区町村,町字,番地,方書,住民となった日,前住所';
const GOOD = [
  HEADER,
  'H1,30000000001,佐藤,健一,ｻﾄｳ,ｹﾝｲﾁ,昭和30年4月1日,男,世帯主,999-4224,山形県,尾花沢市,大字尾花沢,1234番地,,S30.4.1,',
  'H1,30000000002,佐藤,和子,サトウ,カズコ,1958-09-09,女,妻,999-4224,山形県,尾花沢市,大字尾花沢,1234番地,,1980-05-01,"山形県村山市"',
  'H2,30000000003,"高橋",翔太,たかはし,しょうた,平成12年1月1日,男,世帯主,9994221,山形県,尾花沢市,若葉町一丁目,3番4号,"ハイツ若葉, 202",2020/04/01,宮城県仙台市',
].join('\r\n');

const post = (csv: Uint8Array | string, dryRun: boolean) =>
  call(p, 'POST', `/api/registry/import?dryRun=${dryRun}`, { cookie: admin, rawBody: csv as BodyInit, headers: { 'content-type': 'text/csv', 'content-length': String(typeof csv === 'string' ? Buffer.byteLength(csv) : csv.length) } });

const countResidents = async () => (await p.services.db.selectFrom('resident').select('id').where('municipality_id', '=', f.a.municipalityId).execute()).length;

function shiftJis(text: string): Uint8Array {
  // Build a Shift_JIS encoder from Node's decoder (Node has no Shift_JIS TextEncoder).
  const table = new Map<string, number[]>();
  const dec = new TextDecoder('shift_jis');
  for (let hi = 0x81; hi <= 0xfc; hi++) {
    if (hi > 0x9f && hi < 0xe0) continue;
    for (let lo = 0x40; lo <= 0xfc; lo++) {
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else if (code >= 0xff61 && code <= 0xff9f) out.push(code - 0xff61 + 0xa1);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`not encodable: ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}

describe('CSV parsing', () => {
  it('handles quotes, doubled quotes, commas and line breaks inside fields', () => {
    const rows = parseCsv('a,"b,c","d ""e""","f\ng"\r\nx,y');
    expect(rows.map((r) => r.fields)).toEqual([['a', 'b,c', 'd "e"', 'f\ng'], ['x', 'y']]);
    expect(rows[1]!.line).toBe(3);
  });
});

describe('registry CSV import', () => {
  it('checks a good file in a dry run without writing anything', async () => {
    const before = await countResidents();
    const res = await post(GOOD, true);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, imported: 3, households: 2, encoding: 'utf-8' });
    expect(await countResidents()).toBe(before);
  });

  it('lists every broken row with what to fix, and imports nothing', async () => {
    const broken = [
      HEADER,
      'H9,30000000009,鈴木,一,スズキ,ハジメ,令和0年1月1日,男,世帯主,999-4224,山形県,尾花沢市,大字尾花沢,1番地,,2020-01-01,',
      'H9,30000000010,鈴木,二,すずき,suzuki,2000-02-30,女,妻,999-4224,山形県,尾花沢市,大字尾花沢,1番地,,2020-01-01,',
      'H8,123,鈴木,三,スズキ,サブロウ,2000-01-01,?,世帯主,99-42,山形県,尾花沢市,大字尾花沢,1番地,,2099-01-01,',
      'H7,10000000001,既存,者,キゾン,シャ,2000-01-01,男,世帯主,9994224,山形県,尾花沢市,大字尾花沢,2番地,,2020-01-01,',
    ].join('\n');
    const before = await countResidents();
    const res = await post(broken, false);
    expect(res.status).toBe(422);
    expect(res.code).toBe('IMPORT_ROWS_INVALID');
    const details = (res.body as { error: { details: { path: string; message: string }[] } }).error.details;
    const paths = details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining([
      '2行目: 生年月日', '3行目: 名カナ', '3行目: 生年月日', '4行目: 住民票コード', '4行目: 性別', '4行目: 郵便番号', '4行目: 住民となった日',
    ]));
    expect(details.find((d) => d.path === '2行目: 生年月日')!.message).toMatch(/令和/);
    expect(await countResidents()).toBe(before);
  });

  it('reports a missing column and a household with two heads', async () => {
    const missing = await post('世帯番号,氏,名\nH1,a,b', false);
    expect((missing.body as { error: { details: { message: string }[] } }).error.details.map((d) => d.message)).toContain('「住民票コード」の列がありません。');
    const twoHeads = [HEADER,
      'H1,30000000021,佐藤,一,サトウ,ハジメ,2000-01-01,男,世帯主,9994224,山形県,尾花沢市,大字尾花沢,1番地,,2020-01-01,',
      'H1,30000000022,佐藤,二,サトウ,ジ,2000-01-01,男,世帯主,9994224,山形県,尾花沢市,大字尾花沢,1番地,,2020-01-01,'].join('\n');
    const res = await post(twoHeads, false);
    expect(JSON.stringify(res.body)).toMatch(/世帯主が2人/);
  });

  it('imports a Shift_JIS file (as Excel saves it) in one transaction, searchable and audited', async () => {
    const before = await countResidents();
    const res = await post(shiftJis(GOOD), false);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: false, imported: 3, households: 2, encoding: 'shift_jis' });
    expect(await countResidents()).toBe(before + 3);
    const clerk = await loginAs(p, f.a, 'clerk');
    const found = (await call(p, 'GET', `/api/residents?q=${encodeURIComponent('サトウ カズ')}`, { cookie: clerk })).body as { items: { id: string; name: string; kana: string; birthDateWareki: string; relationship: string }[] };
    expect(found.items).toHaveLength(1);
    expect(found.items[0]).toMatchObject({ name: '佐藤 和子', kana: 'サトウ カズコ', birthDateWareki: '昭和33年9月9日', relationship: '妻' });
    const takahashi = (await call(p, 'GET', `/api/residents?q=${encodeURIComponent('タカハシ')}`, { cookie: clerk })).body as { items: { id: string; address: string }[] };
    expect(takahashi.items[0]!.address).toBe('山形県尾花沢市若葉町一丁目3番4号 ハイツ若葉, 202');
    const audit = await p.services.db.selectFrom('audit_event').select('details').where('municipality_id', '=', f.a.municipalityId).where('action', '=', 'registry.import').execute();
    expect(audit).toHaveLength(1);
    // Importing the same file again is refused row by row: those people already exist.
    const again = await post(GOOD, false);
    expect(again.status).toBe(422);
    expect(await countResidents()).toBe(before + 3);
  });

  it('is for admins only', async () => {
    const clerk = await loginAs(p, f.a, 'clerk');
    const res = await call(p, 'POST', '/api/registry/import?dryRun=true', { cookie: clerk, rawBody: GOOD, headers: { 'content-type': 'text/csv', 'content-length': String(Buffer.byteLength(GOOD)) } });
    expect(res.code).toBe('PERMISSION_DENIED');
  });
});
