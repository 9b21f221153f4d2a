import { describe, expect, it } from 'vitest';
import { counterItems } from './counterNavigation';

describe('counterItems', () => {
  it('gives counter staff the counter and the inbox', () => {
    expect(counterItems(['counter_staff']).map((i) => i.label)).toEqual(['書かない窓口', '受付箱']);
  });
  it('gives department reviewers only the inbox', () => {
    expect(counterItems(['department_reviewer']).map((i) => i.to)).toEqual(['/inbox']);
  });
  it('gives nothing to an account without roles', () => {
    expect(counterItems([])).toEqual([]);
  });
});
