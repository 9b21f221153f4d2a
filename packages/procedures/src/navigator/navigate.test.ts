import { describe, expect, it } from 'vitest';
import { catalogue } from '../catalogue';
import { navigatorRules } from '../catalogue/navigatorRules';
import { familyMovingIn, sixPersonHousehold } from './fixtures';
import { navigate } from './navigate';
import { householdFactsSchema } from './schema';
import type { HouseholdFactsInput, LifeEvent, RuleSetInput } from './schema';
import { validateRuleSet } from './validateRules';

const ids = catalogue.procedures.map((p) => p.id);
const run = (event: LifeEvent, facts: HouseholdFactsInput) => navigate(event, householdFactsSchema.parse(facts), catalogue.navigatorRules, catalogue);
const proposed = (event: LifeEvent, facts: HouseholdFactsInput): string[] => run(event, facts).proposals.map((p) => p.procedureId);

describe('navigate', () => {
  it('proposes the right procedures for a family with a school-age child moving in from another prefecture', () => {
    const nav = run({ kind: 'moveIn', date: '2026-11-25' }, familyMovingIn);
    expect(nav.proposals.map((p) => p.procedureId)).toEqual([
      'residence-change', 'my-number-card-address-change', 'seal-registration',
      'child-allowance-claim', 'child-medical-eligibility', 'school-transfer-in', 'dog-registration-change',
    ]);
    const school = nav.proposals.find((p) => p.procedureId === 'school-transfer-in');
    expect(school?.reasons[0]?.persons).toEqual(['尾花 さくら']);
    expect(school?.reasons[0]?.text).toContain('尾花 さくらさん');
    expect(school?.department?.name).toBe('教育委員会 学校教育課');
    expect(school?.department?.floor).toBe('2階');
    expect(school?.bring).toContain('前の学校の在学証明書');
    const allowance = nav.proposals.find((p) => p.procedureId === 'child-allowance-claim');
    expect(allowance?.reasons[0]?.persons).toEqual(['尾花 さくら', '尾花 蒼']);
  });

  it('does not propose national health insurance to a family on an employer plan, but does to one without', () => {
    expect(proposed({ kind: 'moveIn', date: '2026-11-25' }, familyMovingIn)).not.toContain('nhi-enrollment');
    const selfEmployed = { ...familyMovingIn, members: familyMovingIn.members.map((m) => ({ ...m, healthInsurance: 'national' as const })) };
    expect(proposed({ kind: 'moveIn', date: '2026-11-25' }, selfEmployed)).toContain('nhi-enrollment');
  });

  it('leaves out the child allowance when a parent is a civil servant', () => {
    const civil = { ...familyMovingIn, members: familyMovingIn.members.map((m) => (m.id === 'p1' ? { ...m, civilServant: true } : m)) };
    expect(proposed({ kind: 'moveIn', date: '2026-11-25' }, civil)).not.toContain('child-allowance-claim');
  });

  it('merges reasons of several rules for one procedure and uses the municipality from the rule set', () => {
    const nav = run({ kind: 'moveIn', date: '2026-11-25' }, sixPersonHousehold);
    const late = nav.proposals.find((p) => p.procedureId === 'late-elderly-move-in');
    expect(late?.reasons.map((r) => r.ruleId)).toEqual(['late-elderly-move-in', 'late-elderly-certificate']);
    const fromYamagata = { ...sixPersonHousehold, previousMunicipality: { name: '山形市', prefecture: '山形県' } };
    const late2 = run({ kind: 'moveIn', date: '2026-11-25' }, fromYamagata).proposals.find((p) => p.procedureId === 'late-elderly-move-in');
    expect(late2?.reasons.map((r) => r.ruleId)).toEqual(['late-elderly-move-in']);
    const care = nav.proposals.find((p) => p.procedureId === 'care-insurance-move-in');
    expect(care?.reasons.flatMap((r) => r.persons)).toEqual(['雪国 太郎', '雪国 花江', '雪国 太郎']);
  });

  it('offers the e-taxi subsidy to elderly or disabled people moving in only when the household has no car', () => {
    const nav = run({ kind: 'moveIn', date: '2026-11-25' }, sixPersonHousehold);
    expect(nav.proposals.find((p) => p.procedureId === 'taxi-subsidy-application')?.reasons[0]?.persons).toEqual(['雪国 太郎', '雪国 花江']);
    expect(proposed({ kind: 'moveIn', date: '2026-11-25' }, { ...sixPersonHousehold, cars: 1 })).not.toContain('taxi-subsidy-application');
  });

  it('tells a first birth from a further one', () => {
    const baby = { id: 'b', name: '尾花 新', birthDate: '2026-11-20', relationship: 'child' as const, moving: true };
    const family = { ...familyMovingIn, members: [...familyMovingIn.members, baby] };
    const first = proposed({ kind: 'birth', date: '2026-11-20' }, { ...family, receivesChildAllowance: false });
    expect(first).toEqual(expect.arrayContaining(['birth-notification', 'child-allowance-claim', 'child-medical-eligibility', 'newborn-visit-notice']));
    expect(first).not.toContain('child-allowance-revision');
    const more = proposed({ kind: 'birth', date: '2026-11-20' }, { ...family, receivesChildAllowance: true });
    expect(more).toContain('child-allowance-revision');
    expect(more).not.toContain('child-allowance-claim');
  });

  it('asks for a new householder when the householder dies and two adults remain', () => {
    const died = { ...sixPersonHousehold, members: sixPersonHousehold.members.map((m) => (m.id === 'h1' ? { ...m, deceased: true } : m)) };
    const nav = run({ kind: 'death', date: '2026-11-28' }, died);
    expect(nav.proposals.map((p) => p.procedureId)).toEqual(expect.arrayContaining(['death-notification', 'residence-change', 'nhi-withdrawal', 'funeral-expenses']));
    expect(nav.proposals.map((p) => p.procedureId)).not.toContain('care-insurance-loss');
  });

  it('explains every rule: skipped by event, condition false, no subjects, or proposed with steps', () => {
    const nav = run({ kind: 'moveIn', date: '2026-11-25' }, familyMovingIn);
    expect(nav.trace).toHaveLength(catalogue.navigatorRules.rules.length);
    const byId = new Map(nav.trace.map((t) => [t.ruleId, t]));
    expect(byId.get('birth')?.outcome).toBe('event');
    expect(byId.get('late-elderly-move-in')?.outcome).toBe('noSubjects');
    expect(byId.get('moped-move-in')?.outcome).toBe('conditionFalse');
    const school = byId.get('school-move-in');
    expect(school?.outcome).toBe('proposed');
    expect(school?.steps[0]?.text).toContain('filter(household.members');
    expect(JSON.stringify(school?.steps)).toContain('$item[2]');
    const proposal = nav.proposals.find((p) => p.procedureId === 'school-transfer-in');
    const decided = proposal?.reasons[0]?.trace[0];
    expect(decided?.value).toEqual([expect.objectContaining({ name: '尾花 さくら', schoolYear: 2 })]);
    for (const p of nav.proposals) {
      for (const r of p.reasons) {
        const rule = catalogue.navigatorRules.rules.find((x) => x.id === r.ruleId);
        expect(r.trace).toHaveLength(Number(rule?.when !== undefined) + Number(rule?.subjects !== undefined));
      }
    }
  });
});

describe('validateRuleSet', () => {
  it('accepts the shipped rules', () => {
    const v = validateRuleSet(navigatorRules, ids);
    expect(v.issues).toEqual([]);
    expect(v.ok).toBe(true);
  });

  const withRule = (rule: Record<string, unknown>): RuleSetInput => ({ ...navigatorRules, rules: [...navigatorRules.rules, rule as RuleSetInput['rules'][number]] });

  it('rejects a rule that names an unknown procedure', () => {
    const v = validateRuleSet(withRule({ id: 'x', procedureId: 'no-such-procedure', events: ['moveIn'], reason: '理由' }), ids);
    expect(v.ok).toBe(false);
    expect(v.issues[0]).toMatchObject({ code: 'NAV-UNKNOWN-PROCEDURE', path: `rules[${navigatorRules.rules.length}].procedureId` });
    expect(v.issues[0]?.message).toContain('no-such-procedure');
  });

  it('rejects unknown facts, bad placeholders and duplicate ids', () => {
    const v = validateRuleSet(withRule({ id: 'birth', procedureId: 'birth-notification', events: ['birth'], when: { op: 'any', args: [{ var: 'household.members' }, { var: '$item.shoeSize' }] }, reason: '{who}さん' }), ids);
    expect(v.issues.map((i) => i.code).sort()).toEqual(['NAV-BAD-REASON', 'NAV-DUPLICATE-RULE', 'NAV-UNKNOWN-FACT']);
  });

  it('rejects an unknown life event with its path', () => {
    const v = validateRuleSet(withRule({ id: 'y', procedureId: 'birth-notification', events: ['graduation'], reason: '理由' }), ids);
    expect(v.issues[0]?.path).toBe(`rules[${navigatorRules.rules.length}].events[0]`);
  });
});
