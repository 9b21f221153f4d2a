import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { FieldCipher } from '../../platform/crypto/field-encryption';
import type { StaffPrincipal } from '../../platform/auth/roles';
import { readIndividualNumber, readMaskedIndividualNumber, rotateIndividualNumberKeys, storeIndividualNumber, type IndividualNumberUse } from './service';

let p: TestPlatform;
let f: Fixtures;
let clerk: StaffPrincipal;

const NHI: IndividualNumberUse = { procedureId: 'nhi-enrollment', procedureName: '国民健康保険 加入届', individualNumberUse: true };
const SEAL: IndividualNumberUse = { procedureId: 'seal-registration', procedureName: '印鑑登録申請', individualNumberUse: false };
const NUMBER = '123456789018';

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  clerk = { id: f.a.staff.clerk!, municipalityId: f.a.municipalityId, loginId: 'clerk', displayName: 'clerk', roles: ['counter_staff'], departmentIds: [], totpEnabled: false, sessionTokenHash: '' };
});
afterAll(() => p.close());

describe('individual number at rest', () => {
  it('is stored encrypted, under a key id, never as plain digits', async () => {
    await storeIndividualNumber(p.services, clerk, f.residents.taro, NUMBER, NHI, 'req-1');
    const row = await p.services.db.selectFrom('individual_number').selectAll().where('resident_id', '=', f.residents.taro).executeTakeFirstOrThrow();
    expect(row.key_id).toBe('test');
    expect(Buffer.from(row.ciphertext).toString('latin1')).not.toContain(NUMBER);
    expect(Buffer.from(row.ciphertext).toString('hex')).not.toContain(Buffer.from(NUMBER).toString('hex'));
  });

  it('is read only for a 個人番号利用事務 procedure, and each read is audited with that procedure', async () => {
    expect(await readIndividualNumber(p.services, clerk, f.residents.taro, NHI, 'req-2')).toBe(NUMBER);
    await expect(readIndividualNumber(p.services, clerk, f.residents.taro, SEAL, 'req-3')).rejects.toMatchObject({ code: 'INDIVIDUAL_NUMBER_NOT_PERMITTED', status: 403 });
    await expect(storeIndividualNumber(p.services, clerk, f.residents.hanako, NUMBER, SEAL, 'req-4')).rejects.toMatchObject({ code: 'INDIVIDUAL_NUMBER_NOT_PERMITTED' });
    const events = await p.services.db.selectFrom('audit_event').select(['action', 'purpose', 'details']).where('subject_id', '=', f.residents.taro).where('action', 'like', 'individual_number.%').orderBy('seq').execute();
    expect(events.map((e) => `${e.action}:${e.purpose}`)).toEqual(['individual_number.write:国民健康保険 加入届', 'individual_number.read:国民健康保険 加入届']);
    // The audit log says which procedure, never the number.
    expect(JSON.stringify(events)).not.toContain(NUMBER);
  });

  it('is shown masked for confirmation', async () => {
    expect(await readMaskedIndividualNumber(p.services, clerk, f.residents.taro, '本人確認', null)).toBe('●●●●●●●●9018');
    expect(await readMaskedIndividualNumber(p.services, clerk, f.residents.hanako, '本人確認', null)).toBeNull();
  });

  it('refuses a wrong check digit with a Japanese message that does not repeat the number', async () => {
    const err = await storeIndividualNumber(p.services, clerk, f.residents.hanako, '123456789012', NHI, null).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400 });
    expect((err as Error).message).toMatch(/検査用数字|チェック/);
    expect((err as Error).message).not.toContain('123456789012');
    expect(await p.services.db.selectFrom('individual_number').select('resident_id').where('resident_id', '=', f.residents.hanako).execute()).toHaveLength(0);
  });

  it('cannot be read across tenants', async () => {
    const other: StaffPrincipal = { ...clerk, id: f.b.staff.clerk!, municipalityId: f.b.municipalityId };
    await expect(readIndividualNumber(p.services, other, f.residents.taro, NHI, null)).rejects.toMatchObject({ code: 'RESIDENT_NOT_FOUND' });
  });

  it('a ciphertext copied onto another resident does not decrypt', async () => {
    const row = await p.services.db.selectFrom('individual_number').selectAll().where('resident_id', '=', f.residents.taro).executeTakeFirstOrThrow();
    await p.services.db.insertInto('individual_number').values({ municipality_id: f.a.municipalityId, resident_id: f.residents.ichiro, key_id: row.key_id, ciphertext: row.ciphertext }).execute();
    await expect(readIndividualNumber(p.services, clerk, f.residents.ichiro, NHI, null)).rejects.toThrow();
    await p.services.db.deleteFrom('individual_number').where('resident_id', '=', f.residents.ichiro).execute();
  });

  it('rotates to a new key and stays readable', async () => {
    const oldKey = (p.services.cipher as unknown as { keys: Map<string, Buffer> }).keys.get('test')!;
    const rotated = { ...p.services, cipher: new FieldCipher(new Map([['k2', randomBytes(32)], ['test', oldKey]]), 'k2') };
    expect(await rotateIndividualNumberKeys(rotated, 'k2')).toEqual({ reencrypted: 1 });
    const row = await p.services.db.selectFrom('individual_number').select('key_id').where('resident_id', '=', f.residents.taro).executeTakeFirstOrThrow();
    expect(row.key_id).toBe('k2');
    expect(await readIndividualNumber(rotated, clerk, f.residents.taro, NHI, null)).toBe(NUMBER);
    expect(await rotateIndividualNumberKeys(rotated, 'k2')).toEqual({ reencrypted: 0 });
  });
});
