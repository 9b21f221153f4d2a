import { ageOn, schoolYearOn } from '../jp/adapter';
import { evaluateWithTrace, isTrue } from '../expression/evaluate';
import type { TraceNode } from '../expression/evaluate';
import type { Department } from '../catalogue/departments';
import type { ProcedureDefinition } from '../schema/definition';
import type { HouseholdFacts, LifeEvent, NavigatorRule, RuleSet } from './schema';

export type NavigatorCatalogue = {
  procedures: readonly ProcedureDefinition[];
  departments: readonly Department[];
};

/** One rule that led to a proposal, with how its condition and subjects were evaluated. */
export type ProposalReason = { ruleId: string; text: string; persons: string[]; trace: TraceNode[] };

export type Proposal = {
  procedureId: string;
  title: string;
  department: Department | null;
  reasons: ProposalReason[];
  bring: string[];
  deadline: string | null;
  priority: number;
};

export type RuleTrace = {
  ruleId: string;
  procedureId: string;
  /** `event` when the rule is for other life events and was not evaluated. */
  outcome: 'proposed' | 'conditionFalse' | 'noSubjects' | 'event';
  steps: TraceNode[];
};

export type Navigation = { proposals: Proposal[]; trace: RuleTrace[] };

type Named = { name?: unknown };

function namesOf(subjects: unknown): string[] {
  if (!Array.isArray(subjects)) return [];
  return subjects.map((s: Named) => (typeof s?.name === 'string' ? s.name : '')).filter((n) => n !== '');
}

/** Adds the facts every rule would otherwise recompute: age and school year on the event date. */
export function withDerivedFacts(household: HouseholdFacts, event: LifeEvent): HouseholdFacts & { members: Array<HouseholdFacts['members'][number] & { age: number; schoolYear: number }> } {
  return {
    ...household,
    members: household.members.map((m) => ({ ...m, age: ageOn(m.birthDate, event.date), schoolYear: schoolYearOn(m.birthDate, event.date) })),
  };
}

function applyRule(rule: NavigatorRule, scope: Record<string, unknown>): { outcome: RuleTrace['outcome']; steps: TraceNode[]; persons: string[] } {
  const steps: TraceNode[] = [];
  if (rule.when !== undefined) {
    const r = evaluateWithTrace(rule.when, scope);
    steps.push(r.trace);
    if (!isTrue(r.value)) return { outcome: 'conditionFalse', steps, persons: [] };
  }
  if (rule.subjects !== undefined) {
    const r = evaluateWithTrace(rule.subjects, scope);
    steps.push(r.trace);
    const persons = namesOf(r.value);
    if (!Array.isArray(r.value) || r.value.length === 0) return { outcome: 'noSubjects', steps, persons };
    return { outcome: 'proposed', steps, persons };
  }
  return { outcome: 'proposed', steps, persons: [] };
}

/**
 * From a life event and facts about the household to the procedures that
 * follow, each with its department, why it applies, and how that was decided.
 * Rules are data; the same rules give the same answer in any runtime.
 */
export function navigate(event: LifeEvent, household: HouseholdFacts, rules: RuleSet, catalogue: NavigatorCatalogue): Navigation {
  const scope: Record<string, unknown> = { event, household: withDerivedFacts(household, event), $municipality: rules.municipality };
  const byProcedure = new Map<string, Proposal>();
  const trace: RuleTrace[] = [];
  for (const rule of rules.rules) {
    if (!rule.events.includes(event.kind)) {
      trace.push({ ruleId: rule.id, procedureId: rule.procedureId, outcome: 'event', steps: [] });
      continue;
    }
    const r = applyRule(rule, scope);
    trace.push({ ruleId: rule.id, procedureId: rule.procedureId, outcome: r.outcome, steps: r.steps });
    if (r.outcome !== 'proposed') continue;
    const definition = catalogue.procedures.find((p) => p.id === rule.procedureId);
    if (!definition) continue;
    let proposal = byProcedure.get(rule.procedureId);
    if (!proposal) {
      proposal = {
        procedureId: definition.id,
        title: definition.title,
        department: catalogue.departments.find((d) => d.id === definition.departmentId) ?? null,
        reasons: [],
        bring: [...definition.bring],
        deadline: definition.deadline ?? null,
        priority: rule.priority,
      };
      byProcedure.set(rule.procedureId, proposal);
    }
    proposal.priority = Math.min(proposal.priority, rule.priority);
    proposal.reasons.push({ ruleId: rule.id, text: rule.reason.replaceAll('{names}', r.persons.join('、')), persons: r.persons, trace: r.steps });
  }
  const order = new Map(catalogue.procedures.map((p, i) => [p.id, i]));
  const proposals = [...byProcedure.values()].sort((a, b) => a.priority - b.priority || (order.get(a.procedureId) ?? 0) - (order.get(b.procedureId) ?? 0));
  return { proposals, trace };
}
