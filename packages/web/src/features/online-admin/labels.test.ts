import { describe, expect, it } from 'vitest';
import { periodLabel, yen } from './labels';

describe('publishing labels', () => {
  it('writes the open period in 和暦 as officials do', () => {
    expect(periodLabel({ openFrom: '2026-04-01', openUntil: '2026-10-31' })).toBe('令和8年4月1日から令和8年10月31日まで');
    expect(periodLabel({ openFrom: null, openUntil: '2027-03-31' })).toBe('令和9年3月31日まで');
    expect(periodLabel({ openFrom: null, openUntil: null })).toBe('期限なし');
  });

  it('says なし for no fee and yen with separators otherwise', () => {
    expect(yen(0)).toBe('なし');
    expect(yen(1200)).toBe('1,200円');
  });
});
