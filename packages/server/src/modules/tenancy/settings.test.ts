import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { normalizePhone, tidyLines, tidyText } from './text';

let p: TestPlatform;
let f: Fixtures;
let admin: string;
let clerk: string;

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  admin = await loginAs(p, f.a, 'admin');
  clerk = await loginAs(p, f.a, 'clerk');
});
afterAll(() => p.close());

const settingsAs = async (cookie: string) => ((await call(p, 'GET', '/api/municipality/settings', { cookie })).body as { settings: Record<string, string | null> }).settings;
const patch = (cookie: string, body: unknown) => call(p, 'PATCH', '/api/admin/municipality/settings', { cookie, body });
const details = (body: unknown) => Object.fromEntries(((body as { error: { details?: { path: string; message: string }[] } }).error.details ?? []).map((d) => [d.path, d.message]));
const auditEvents = () =>
  p.services.db.selectFrom('audit_event').select(['actor_staff_id', 'subject_id', 'details'])
    .where('municipality_id', '=', f.a.municipalityId).where('action', '=', 'municipality.settings_update').orderBy('seq').execute();

describe('municipality settings', () => {
  it('start empty, and every staff member may read them', async () => {
    expect(await settingsAs(clerk)).toEqual({ displayName: null, postalCode: null, address: null, phone: null, openingHours: null });
  });

  it('are written by an admin, tidied, and every change is audited with before and after', async () => {
    const res = await patch(admin, {
      displayName: '尾花沢市役所',
      postalCode: '〒９９９－４２９２',
      address: '山形県尾花沢市若葉町一丁目1番3号',
      phone: '０２３７ー２２ー１１１１',
      openingHours: ' 平日 8時30分〜17時15分 \r\n\r\n（土日祝日・年末年始を除く） ',
    });
    expect(res.status).toBe(200);
    const expected = {
      displayName: '尾花沢市役所',
      postalCode: '9994292',
      address: '山形県尾花沢市若葉町一丁目1番3号',
      phone: '0237-22-1111',
      openingHours: '平日 8時30分〜17時15分\n（土日祝日・年末年始を除く）',
    };
    expect(res.body).toEqual({ settings: expected });
    expect(await settingsAs(clerk)).toEqual(expected);
    const [event] = await auditEvents();
    expect(event).toMatchObject({ actor_staff_id: f.a.staff.admin, subject_id: f.a.municipalityId });
    expect((event!.details as { changes: Record<string, unknown> }).changes.phone).toEqual({ from: null, to: '0237-22-1111' });
  });

  it('change only the keys given; null clears one; a save without changes records nothing', async () => {
    const res = await patch(admin, { phone: '0237-22-1112', address: null });
    expect((res.body as { settings: Record<string, unknown> }).settings).toMatchObject({ displayName: '尾花沢市役所', phone: '0237-22-1112', address: null });
    const events = await auditEvents();
    expect(events).toHaveLength(2);
    expect(events[1]!.details).toEqual({ changes: { phone: { from: '0237-22-1111', to: '0237-22-1112' }, address: { from: '山形県尾花沢市若葉町一丁目1番3号', to: null } } });
    expect((await patch(admin, { phone: '0237-22-1112' })).status).toBe(200);
    expect(await auditEvents()).toHaveLength(2);
  });

  it('refuse unknown keys and invalid values, field by field in Japanese', async () => {
    const unknown = await patch(admin, { displayName: '尾花沢市役所', mayor: '山田' });
    expect(unknown.status).toBe(400);
    expect(details(unknown.body)).toEqual({ json: '使用できない項目が含まれています: mayor' });

    const invalid = await patch(admin, { phone: '22-1111', postalCode: '99942', displayName: '', openingHours: 'あ'.repeat(201) });
    expect(invalid.status).toBe(400);
    expect(invalid.code).toBe('VALIDATION_FAILED');
    expect(details(invalid.body)).toEqual({
      phone: '代表電話は「0237-22-1111」のように、市外局番から数字とハイフンで入力してください。',
      postalCode: '郵便番号は「999-4292」のように7桁の数字で入力してください。',
      displayName: '庁舎の表示名を入力してください。',
      openingHours: '開庁時間は200文字以内で入力してください。',
    });
    expect(details((await patch(admin, { phone: '0237-2222-1111' })).body).phone).toMatch(/^代表電話の桁数が違います。/);
    expect((await settingsAs(clerk)).phone).toBe('0237-22-1112');
  });

  it('are written only by admins with a second factor', async () => {
    const byClerk = await patch(clerk, { displayName: '乗っ取り' });
    expect(byClerk.status).toBe(403);
    expect(byClerk.code).toBe('PERMISSION_DENIED');
    const newadmin = await loginAs(p, f.a, 'newadmin');
    expect((await patch(newadmin, { displayName: '乗っ取り' })).code).toBe('AUTH_TOTP_SETUP_REQUIRED');
    expect((await call(p, 'GET', '/api/municipality/settings')).status).toBe(401);
    expect((await settingsAs(clerk)).displayName).toBe('尾花沢市役所');
  });

  it('belong to one municipality', async () => {
    const otherCity = await loginAs(p, f.b, 'clerk');
    expect((await settingsAs(otherCity)).displayName).toBeNull();
  });

  it('ignore a stored value that no longer passes its rule, rather than show it', async () => {
    await p.services.db.insertInto('municipality_setting')
      .values({ municipality_id: f.b.municipalityId, key: 'phone', value: JSON.stringify('not a phone') }).execute();
    await p.services.db.insertInto('municipality_setting')
      .values({ municipality_id: f.b.municipalityId, key: 'retired_key', value: JSON.stringify('x') }).execute();
    const otherCity = await loginAs(p, f.b, 'clerk');
    expect(await settingsAs(otherCity)).toEqual({ displayName: null, postalCode: null, address: null, phone: null, openingHours: null });
  });
});

describe('tidyText', () => {
  it('folds full-width letters, digits and half-width kana, keeps Japanese punctuation', () => {
    expect(tidyText('　２階　ＦＡＸ　ｶﾞｲﾄﾞ（土日）〜 ')).toBe('2階 FAX ガイド（土日）〜');
    expect(tidyLines(' 平日 \r\n\r\n 休日窓口　第２土曜 ')).toBe('平日\n休日窓口 第2土曜');
  });
});

describe('normalizePhone', () => {
  it('turns full-width digits and dash look-alikes into 0-9 and -', () => {
    expect(normalizePhone('０２３７－２２－１１１１')).toBe('0237-22-1111');
    expect(normalizePhone('0237ー22ー1111')).toBe('0237-22-1111');
    expect(normalizePhone(' 0237 − 22 − 1111 ')).toBe('0237-22-1111');
  });
});
