import { LIFE_EVENT_LABELS, ruleSetSchema, validateRuleSet, type Issue, type RuleSet } from '@madoguchi/procedures';

export interface RuleRow {
  id: string;
  procedureId: string;
  procedureTitle: string | null;
  events: string;
  hasCondition: boolean;
  aboutMembers: boolean;
  priority: number;
  reason: string;
}

/** One line per rule for the table: which life events, which procedure, and the reason shown to residents. */
export function ruleRows(ruleSet: RuleSet, procedures: readonly { procedureId: string; title: string }[]): RuleRow[] {
  const titles = new Map(procedures.map((p) => [p.procedureId, p.title]));
  return ruleSet.rules.map((rule) => ({
    id: rule.id,
    procedureId: rule.procedureId,
    procedureTitle: titles.get(rule.procedureId) ?? null,
    events: rule.events.map((e) => LIFE_EVENT_LABELS[e]).join('・'),
    hasCondition: rule.when !== undefined,
    aboutMembers: rule.subjects !== undefined,
    priority: rule.priority,
    reason: rule.reason,
  }));
}

export function parseRuleSet(value: unknown): RuleSet | null {
  const parsed = ruleSetSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The checks the server runs at publish: every procedure must be published, every fact known. */
export function checkRuleSet(value: unknown, procedureIds: readonly string[]): Issue[] {
  return validateRuleSet(structuredClone(value), procedureIds).issues;
}
