import { catalogue } from '@madoguchi/procedures';
import { describe, expect, it } from 'vitest';
import { checkRuleSet, parseRuleSet, ruleRows } from './navigatorRules';

const procedures = catalogue.procedures.map((p) => ({ procedureId: p.id, title: p.title }));

describe('navigator rules', () => {
  it('summarises each rule for the table', () => {
    const rows = ruleRows(catalogue.navigatorRules, procedures);
    expect(rows).toHaveLength(catalogue.navigatorRules.rules.length);
    expect(rows[0]).toMatchObject({ id: 'move-in-notification', procedureId: 'residence-change', events: '転入', aboutMembers: true, priority: 10 });
    expect(rows[0]!.procedureTitle).toBe(catalogue.procedures.find((p) => p.id === 'residence-change')!.title);
    expect(ruleRows({ ...catalogue.navigatorRules, rules: [{ ...catalogue.navigatorRules.rules[0]!, procedureId: 'gone' }] }, procedures)[0]!.procedureTitle).toBeNull();
  });

  it('finds a rule naming a procedure that is not published', () => {
    const ruleSet = structuredClone(catalogue.navigatorRules);
    ruleSet.rules[2]!.procedureId = 'no-such-procedure';
    expect(checkRuleSet(ruleSet, procedures.map((p) => p.procedureId))).toContainEqual(expect.objectContaining({ severity: 'error', code: 'NAV-UNKNOWN-PROCEDURE', path: 'rules[2].procedureId' }));
    expect(checkRuleSet(catalogue.navigatorRules, procedures.map((p) => p.procedureId)).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('reads only documents in the rule-set format', () => {
    expect(parseRuleSet(catalogue.navigatorRules)).not.toBeNull();
    expect(parseRuleSet({ ...catalogue.navigatorRules, extra: 1 })).toBeNull();
  });
});
