import { procedureDefinitionSchema } from '../schema/definition';
import type { ProcedureDefinition } from '../schema/definition';
import { departments } from './departments';
import type { Department } from './departments';
import { ruleSetSchema } from '../navigator/schema';
import type { RuleSet } from '../navigator/schema';
import { navigatorRules } from './navigatorRules';
import { procedureInputs } from './procedures';

export type Catalogue = {
  departments: readonly Department[];
  procedures: readonly ProcedureDefinition[];
  navigatorRules: RuleSet;
};

/** The shipped catalogue with defaults applied. Its validity is pinned by catalogue.test.ts. */
export const catalogue: Catalogue = {
  departments,
  procedures: procedureInputs.map((p) => procedureDefinitionSchema.parse(p)),
  navigatorRules: ruleSetSchema.parse(navigatorRules),
};

export function procedureById(cat: Catalogue, id: string): ProcedureDefinition | undefined {
  return cat.procedures.find((p) => p.id === id);
}

export { departments, departmentById } from './departments';
export type { Department } from './departments';
export { procedureInputs } from './procedures';
export { navigatorRules } from './navigatorRules';
