import { describe, expect, it } from 'vitest';
import { checkAuditFilter } from './auditFilter';

describe('checkAuditFilter', () => {
  it('refuses an end date before the start date', () => {
    expect(checkAuditFilter({ staffId: '', action: '', from: '2026-05-10', to: '2026-05-01' }).to).toContain('終了日');
  });
  it('accepts a single day and open-ended ranges', () => {
    expect(checkAuditFilter({ staffId: '', action: '', from: '2026-05-01', to: '2026-05-01' })).toEqual({});
    expect(checkAuditFilter({ staffId: '', action: '', from: '', to: '2026-05-01' })).toEqual({});
  });
});
