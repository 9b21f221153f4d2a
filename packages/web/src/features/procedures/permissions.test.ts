import { describe, expect, it } from 'vitest';
import type { ProcedureDepartment } from '../../api/types';
import { adminWithTotp, staffMember } from '../../testing/fixtures';
import { departmentsForNewProcedures } from './permissions';

const dept = (ref: string, departmentId: string): ProcedureDepartment => ({ ref, departmentId, departmentName: '', section: '', floor: '', desk: '', phone: '' });
const departments = [dept('kenko-zoshin', 'd-kenko'), dept('kenko-boshi', 'd-kenko'), dept('kodomo-mirai', 'd-kodomo')];
const refs = (list: ProcedureDepartment[]) => list.map((d) => d.ref);

describe('departmentsForNewProcedures', () => {
  it('lets admins with a second factor start procedures anywhere', () => {
    expect(refs(departmentsForNewProcedures(adminWithTotp, departments))).toEqual(['kenko-zoshin', 'kenko-boshi', 'kodomo-mirai']);
    expect(departmentsForNewProcedures({ ...adminWithTotp, totpEnabled: false }, departments)).toEqual([]);
  });

  it("lets department reviewers start them in their own department's sections", () => {
    const reviewer = staffMember(['department_reviewer'], { departmentIds: ['d-kenko'] });
    expect(refs(departmentsForNewProcedures(reviewer, departments))).toEqual(['kenko-zoshin', 'kenko-boshi']);
  });

  it('gives counter staff nowhere', () => {
    expect(departmentsForNewProcedures(staffMember(['counter_staff'], { departmentIds: ['d-kenko'] }), departments)).toEqual([]);
    expect(departmentsForNewProcedures(null, departments)).toEqual([]);
  });
});
