import { describe, expect, it } from 'vitest';
import { catalogue, navigatorRules } from '../catalogue';
import { navigate } from '../navigator/navigate';
import { householdFactsSchema, ruleSetSchema } from '../navigator/schema';
import { procedureDefinitionSchema } from '../schema/definition';
import { buildInterview } from './interview';
import { evaluateBundle, procedureAnswers } from './answers';
import { emptyMember, householdFacts, municipalityOfAddress, relationshipFromLabel } from './household';
import type { BundleHousehold, BundleProcedure, InterviewValues } from './types';

const TODAY = '2026-11-27';

function family(): BundleHousehold {
  const m = (id: string, given: string, givenKana: string, birthDate: string, sex: 'male' | 'female', relationship: 'householder' | 'wife' | 'child') => ({
    ...emptyMember(id, relationship), familyName: '尾花', givenName: given, familyNameKana: 'オバナ', givenNameKana: givenKana, birthDate, sex,
    healthInsurance: 'national' as const, hasMyNumberCard: relationship !== 'child',
  });
  return { members: [m('m1', '健一', 'ケンイチ', '1985-07-14', 'male', 'householder'), m('m2', '美咲', 'ミサキ', '1988-02-03', 'female', 'wife'), m('m3', '蒼', 'アオイ', '2023-09-21', 'male', 'child')], dogs: 0, mopeds: 0, cars: 0, receivesChildAllowance: false };
}

const OLD = { postalCode: '3300063', address: '埼玉県さいたま市浦和区高砂三丁目1番1号' };
const NEW = { postalCode: '9994221', address: '山形県尾花沢市若葉町一丁目5番8号' };

function chosen(household: BundleHousehold): BundleProcedure[] {
  const rules = ruleSetSchema.parse(navigatorRules);
  const facts = householdFactsSchema.parse(householdFacts(household, { previous: OLD.address }));
  const nav = navigate({ kind: 'moveIn', date: '2026-11-20' }, facts, rules, catalogue);
  return nav.proposals.map((p) => {
    const names = new Set(p.reasons.flatMap((r) => r.persons));
    const definition = procedureDefinitionSchema.parse(catalogue.procedures.find((d) => d.id === p.procedureId));
    return {
      procedureId: p.procedureId, version: 1, contentHash: 'x'.repeat(64), definition,
      memberIds: household.members.filter((m) => names.has(`${m.familyName} ${m.givenName}`)).map((m) => m.id),
    };
  });
}

const answered: InterviewValues = {
  'shared:eventDate': '2026-11-20',
  'shared:previousMoveOutDate': '2026-11-15',
  'shared:newAddress': NEW,
  'shared:oldAddress': OLD,
  'shared:applicantName': '尾花 健一',
  'shared:applicantKana': 'おばな けんいち',
  'shared:applicantPhone': '090-1234-5678',
  'shared:identityDocuments': ['myNumberCard'],
  'own:residence-change:notifierRelation': 'householder',
  'own:child-allowance-claim:pensionType': 'national',
  'own:child-allowance-claim:bankName': '山形銀行',
  'own:child-allowance-claim:bankBranch': '尾花沢支店',
  'own:child-allowance-claim:accountType': 'ordinary',
  'own:child-allowance-claim:accountNumber': '1234567',
  'own:child-allowance-claim:accountHolderKana': 'オバナ ケンイチ',
  'own:child-medical-eligibility:insurerName': '尾花沢市国民健康保険',
};

describe('one interview for a move-in bundle', () => {
  const household = family();
  const procedures = chosen(household);
  const interview = buildInterview({ event: { kind: 'moveIn', date: '2026-11-20' }, household, procedures, audience: 'staff', today: TODAY, moveInBasis: 'certificate' });
  const keys = interview.sections.flatMap((s) => s.questions.map((q) => q.key));

  it('the navigator proposes the 国保 and 児童手当 forms for this family', () => {
    expect(procedures.map((p) => p.procedureId)).toEqual(expect.arrayContaining(['residence-change', 'nhi-enrollment', 'child-allowance-claim', 'child-medical-eligibility']));
  });

  it('asks each shared fact once, however many forms use it', () => {
    expect(keys.filter((k) => k === 'shared:applicantName')).toHaveLength(1);
    const q = interview.sections.flatMap((s) => s.questions).find((x) => x.key === 'shared:applicantName')!;
    expect(q.procedureIds).toEqual(expect.arrayContaining(['residence-change', 'nhi-enrollment', 'child-allowance-claim']));
    expect(keys.some((k) => k.includes('notifierName') || k.includes(':applicantName') && !k.startsWith('shared'))).toBe(false);
    // The date of the move feeds 異動日, 資格取得日 alike.
    expect(interview.links['residence-change']!['changeDate']).toEqual({ kind: 'question', key: 'shared:eventDate' });
    expect(interview.links['nhi-enrollment']!['qualificationDate']).toEqual({ kind: 'question', key: 'shared:eventDate' });
  });

  it('fills every form from the answers and the household, with the event preset', () => {
    const rc = procedureAnswers(interview, answered, household, 'residence-change');
    expect(rc.answers['notifierName']).toBe('尾花 健一');
    expect(rc.answers['changeType']).toBe('moveIn');
    expect(rc.answers['newHouseholderName']).toBe('尾花 健一');
    expect(rc.answers['notificationDate']).toBe(TODAY);
    expect((rc.answers['members'] as unknown[]).length).toBe(3);
    const nhi = procedureAnswers(interview, answered, household, 'nhi-enrollment');
    expect(nhi.answers['applicantAddress']).toEqual(NEW);
    expect(nhi.answers['reason']).toBe('moveIn');
    const ca = procedureAnswers(interview, answered, household, 'child-allowance-claim');
    expect(ca.answers['children']).toEqual([{ name: '尾花 蒼', kana: 'オバナ アオイ', birthDate: '2023-09-21', sex: 'male', relationship: 'child', livingTogether: 'together' }]);
  });

  it('is valid once answered, signature aside; with a signature every form is complete', () => {
    const result = evaluateBundle(interview, answered, household, { today: TODAY, channel: 'counter' });
    expect(result.errors).toEqual({});
    const signed = evaluateBundle(interview, answered, household, { today: TODAY, channel: 'counter' }, { method: 'handwritten', ref: 'visit-signature' });
    expect(signed.valid).toBe(true);
    expect(Object.values(signed.byProcedure).every((e) => e.valid)).toBe(true);
  });

  it('brings a missing shared answer back as one error on the question, in its own words', () => {
    const { 'shared:applicantPhone': _phone, ...rest } = answered;
    const result = evaluateBundle(interview, rest, household, { today: TODAY, channel: 'counter' });
    expect(Object.keys(result.errors)).toEqual(['shared:applicantPhone']);
    expect(result.errors['shared:applicantPhone']).toEqual([{ code: 'FORM-REQUIRED', message: '「届出人の電話番号（日中の連絡先）」を入力してください。' }]);
  });

  it('sends an error in a member row back to the member table', () => {
    const h = family();
    h.members[2]!.familyNameKana = 'obana';
    const result = evaluateBundle(interview, answered, h, { today: TODAY, channel: 'counter' });
    expect(Object.keys(result.errors)).toContain('member:m3:familyNameKana');
  });

  it('refuses a move-in dated before the move-out, and a date in the future', () => {
    const early = evaluateBundle(interview, { ...answered, 'shared:eventDate': '2026-11-10' }, household, { today: TODAY, channel: 'counter' });
    expect(early.errors['shared:eventDate']?.map((e) => e.code)).toContain('BUNDLE-MOVE-IN-BEFORE-MOVE-OUT');
    const future = evaluateBundle(interview, { ...answered, 'shared:eventDate': '2026-12-01' }, household, { today: TODAY, channel: 'counter' });
    expect(future.errors['shared:eventDate']?.map((e) => e.code)).toContain('BUNDLE-DATE-FUTURE');
  });

  it('words the shared questions for the resident on the kiosk and at home', () => {
    const resident = buildInterview({ event: { kind: 'moveIn', date: '2026-11-20' }, household, procedures, audience: 'resident', today: TODAY });
    const q = resident.sections.flatMap((s) => s.questions).find((x) => x.key === 'shared:applicantName')!;
    expect(q.field.label).toBe('あなた（届け出る人）のお名前');
  });
});

describe('household helpers', () => {
  it('reads the municipality from an address', () => {
    expect(municipalityOfAddress('埼玉県さいたま市浦和区高砂三丁目1番1号')).toEqual({ prefecture: '埼玉県', name: 'さいたま市' });
    expect(municipalityOfAddress('山形県北村山郡大石田町大字大石田123番地')).toEqual({ prefecture: '山形県', name: '大石田町' });
    expect(municipalityOfAddress('東京都千代田区霞が関1丁目')).toEqual({ prefecture: '東京都', name: '千代田区' });
    expect(municipalityOfAddress('若葉町一丁目')).toBeNull();
  });

  it('maps the registry 続柄 to the navigator codes', () => {
    expect(['世帯主', '妻', '子', '長男', '母', '同居人', '叔父'].map(relationshipFromLabel)).toEqual(['householder', 'wife', 'child', 'child', 'mother', 'cohabitant', 'other']);
  });
});
