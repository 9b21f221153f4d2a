import { describe, expect, it } from 'vitest';
import { programmeInForce } from './programmeInForce';
import type { Programme } from './taxiApi';

const programme = (fiscalYear: number, status: Programme['status']): Programme => ({
  id: `p${fiscalYear}-${status}`, fiscalYear, fiscalYearLabel: '', name: '', status, startsOn: `${fiscalYear}-04-01`, endsOn: `${fiscalYear + 1}-03-31`,
  budgetYen: 0, departmentId: null, rules: null, operators: [], versions: [],
});

describe('the programme the city screens open on', () => {
  it('is this fiscal year\'s, even when next year\'s was set 実施中 in March', () => {
    const list = [programme(2027, 'active'), programme(2026, 'active')];
    expect(programmeInForce(list, '2027-03-20')?.id).toBe('p2026-active');
    expect(programmeInForce(list, '2027-04-01')?.id).toBe('p2027-active');
  });

  it('is the next one to start when none is in force, else the newest active, else the newest', () => {
    expect(programmeInForce([programme(2025, 'closed'), programme(2027, 'active')], '2027-03-01')?.id).toBe('p2027-active');
    expect(programmeInForce([programme(2024, 'active'), programme(2023, 'active')], '2026-06-01')?.id).toBe('p2024-active');
    expect(programmeInForce([programme(2025, 'closed'), programme(2026, 'draft')], '2026-06-01')?.id).toBe('p2026-draft');
    expect(programmeInForce([], '2026-06-01')).toBeNull();
  });
});
