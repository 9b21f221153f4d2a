import { describe, expect, it } from 'vitest';
import { catalogue, procedureById } from '../catalogue';
import { procedureDefinitionSchema } from '../schema/definition';
import { conformanceDefinition } from '../conformance/definition';
import { applyPrefill } from './prefill';

const rc = procedureById(catalogue, 'residence-change')!;
const registry = {
  household: {
    address: { postalCode: '9994292', address: '山形県尾花沢市若葉町一丁目1番3号' },
    members: [{ name: '尾花 健一', kana: 'オバナ ケンイチ', birthDate: '1985-07-14', sex: 'male', relationship: 'householder' }],
  },
};
const card = { name: '尾花 健一', address: '埼玉県さいたま市浦和区高砂三丁目15番1号', birthDate: '1985-07-14', sex: 'male', individualNumber: '123456789018' };

describe('applyPrefill', () => {
  it('fills from the card first, then the registry, and reports where each value came from', () => {
    const r = applyPrefill(rc, { card, registry });
    expect(r.answers['notifierName']).toBe('尾花 健一');
    // The card's address wins for oldAddress.address; the registry mapping for the whole oldAddress then sees a value and keeps it.
    expect(r.answers['oldAddress']).toEqual({ address: '埼玉県さいたま市浦和区高砂三丁目15番1号' });
    expect(r.answers['members']).toEqual(registry.household.members);
    expect(r.filled.map((f) => `${f.source}:${f.target}`)).toEqual(['card:notifierName', 'card:oldAddress.address', 'registry:members']);
  });

  it('never overwrites what was already entered', () => {
    const r = applyPrefill(rc, { card }, { notifierName: '代理 花子' });
    expect(r.answers['notifierName']).toBe('代理 花子');
  });

  it('does not copy the individual number into a procedure that may not hold it', () => {
    const def = procedureDefinitionSchema.parse({ ...conformanceDefinition, individualNumberUse: false, steps: [{ id: 's', title: 'S', fields: [{ id: 'num', type: 'text', label: '番号' }] }], prefill: [{ target: 'num', source: 'card', path: 'individualNumber' }] });
    expect(applyPrefill(def, { card }).answers['num']).toBeUndefined();
  });
});
