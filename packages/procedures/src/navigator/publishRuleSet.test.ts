import { describe, expect, it } from 'vitest';
import { catalogue } from '../catalogue';
import { navigatorRules } from '../catalogue/navigatorRules';
import { canonicalJson } from '../publish/canonical';
import { publishRuleSet } from './publishRuleSet';

const ids = catalogue.procedures.map((p) => p.id);
const at = { publishedAt: '2026-11-29T10:00:00+09:00', publishedBy: 'admin-1' };

describe('publishRuleSet', () => {
  it('publishes an edited rule set as a new frozen version and leaves the old one as it was', () => {
    const v1 = publishRuleSet(navigatorRules, [], ids, at);
    if (!v1.ok) throw new Error(JSON.stringify(v1.issues));
    const before = canonicalJson(v1.published);
    const edited = { ...navigatorRules, version: '2026-12-01', rules: navigatorRules.rules.filter((r) => r.id !== 'moped-move-in') };
    const v2 = publishRuleSet(edited, [v1.published], ids, at);
    expect(v2.ok && v2.published.version).toBe(2);
    expect(Object.isFrozen(v2.ok && v2.published.ruleSet.rules)).toBe(true);
    const bad = { ...edited, rules: [...edited.rules, { id: 'new', procedureId: 'no-such', events: ['moveIn'], reason: '理由' }] };
    const v3 = publishRuleSet(bad, [v1.published], ids, at);
    expect(v3.ok ? [] : v3.issues.map((i) => i.code)).toEqual(['NAV-UNKNOWN-PROCEDURE']);
    expect(canonicalJson(v1.published)).toBe(before);
    const same = publishRuleSet(navigatorRules, [v1.published], ids, at);
    expect(same.ok ? null : same.issues[0]?.code).toBe('NAV-NO-CHANGES');
  });
});
