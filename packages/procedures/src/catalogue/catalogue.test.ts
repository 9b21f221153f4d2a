import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../definition/validateDefinition';
import { catalogue } from './index';
import { procedureInputs } from './procedures';

describe('shipped catalogue', () => {
  it('has at least 20 procedures with unique ids', () => {
    const ids = catalogue.procedures.map((p) => p.id);
    expect(ids.length).toBeGreaterThanOrEqual(20);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(procedureInputs.map((p) => [p.id, p] as const))('%s validates without errors', (_id, input) => {
    const v = validateDefinition(input, { departmentIds: catalogue.departments.map((d) => d.id) });
    expect(v.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(v.issues.filter((i) => i.code === 'DEF-UNREACHABLE-FIELD')).toEqual([]);
  });

  it('covers the procedures the issue names', () => {
    const ids = new Set(catalogue.procedures.map((p) => p.id));
    for (const id of ['residence-change', 'birth-notification', 'nhi-enrollment', 'nhi-withdrawal', 'pension-category-change', 'child-allowance-claim', 'child-allowance-revision', 'child-medical-eligibility', 'care-insurance-move-in', 'late-elderly-move-in', 'school-transfer-in', 'seal-registration', 'my-number-card-address-change', 'dog-registration-change']) {
      expect(ids).toContain(id);
    }
  });

  it('gives every department a floor and a desk', () => {
    for (const d of catalogue.departments) {
      expect(d.floor).toMatch(/^\d階$/);
      expect(d.desk).toMatch(/番窓口$/);
    }
  });

  it('only lets 個人番号利用事務 procedures ask for the individual number', () => {
    for (const p of catalogue.procedures) {
      const asks = JSON.stringify(p.steps).includes('"individualNumber"');
      if (asks) expect(p.individualNumberUse, p.id).toBe(true);
    }
  });
});
