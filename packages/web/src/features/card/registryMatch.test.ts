import { describe, expect, it } from 'vitest';
import type { IsoDate } from '@madoguchi/jp';
import type { CardFaceAttributes } from '@madoguchi/card';
import type { ResidentSummary } from '../../api/types';
import { differencesBetween, matchingResidents } from './registryMatch';

const card: CardFaceAttributes = { name: '山田\u3000太郎', address: '山形県尾花沢市新町二丁目５番１号\u3000コーポ新町１０１', birthDate: '1970-03-02' as IsoDate, sex: 'male' };

const resident = (overrides: Partial<ResidentSummary> = {}): ResidentSummary => ({
  id: '6f3dbb1d-e5ef-40bd-8122-aef579106d34', name: '山田 太郎', kana: 'ヤマダ タロウ', birthDate: '1970-03-02', birthDateWareki: '昭和45年3月2日',
  age: 56, sex: 'male', status: 'active', address: '山形県尾花沢市新町二丁目5番1号 コーポ新町101', householdId: '4bb37482-5418-4f84-9330-acbe889ec7ca', relationship: '世帯主',
  ...overrides,
});

describe('matching a card with the registry', () => {
  it('finds the holder despite full-width digits and the ideographic space on the card', () => {
    const holder = resident();
    expect(matchingResidents(card, [holder])).toEqual([holder]);
    expect(differencesBetween(card, holder)).toEqual([]);
  });

  it('leaves out name prefixes and other birth dates that the search also returns', () => {
    expect(matchingResidents(card, [resident({ name: '山田 太郎丸' }), resident({ birthDate: '1970-03-03' })])).toEqual([]);
  });

  it('flags an address that differs, and a record that is not active, for staff to decide', () => {
    const moved = resident({ address: '山形県尾花沢市若葉町一丁目2番3号', status: 'moved_out' });
    const differences = differencesBetween(card, moved);
    expect(differences.map((d) => d.field)).toEqual(['住所', '住民記録の状態']);
    expect(differences[0]).toMatchObject({ card: card.address, registry: moved.address });
    expect(differences[0]?.advice).toContain('カードの記載事項の変更');
    expect(differences[1]?.registry).toBe('転出済み');
  });

  it('flags a different sex', () => {
    expect(differencesBetween({ ...card, sex: 'female' }, resident()).map((d) => [d.field, d.card, d.registry])).toEqual([['性別', '女', '男']]);
  });
});
