import { describe, expect, it } from 'vitest';
import type { ProcedureDepartment, ProcedureListItem } from '../../api/types';
import { departmentChoices, filterCatalogue } from './catalogueFilter';

const kodomo: ProcedureDepartment = { ref: 'kodomo-mirai', departmentId: 'd-kodomo', departmentName: 'こども未来課', section: '子育て支援係', floor: '1階', desk: '7番窓口', phone: '' };
const kenko: ProcedureDepartment = { ref: 'kenko-zoshin', departmentId: 'd-kenko', departmentName: '健康増進課', section: '保険年金係', floor: '1階', desk: '4番窓口', phone: '' };
const boshi: ProcedureDepartment = { ...kenko, ref: 'kenko-boshi', section: '母子保健係' };
const version = { id: 'v', procedureId: '', version: 1, contentHash: 'a'.repeat(64), formatVersion: 2, title: '', departmentRef: '', publishedAt: '2026-11-27T00:00:00Z', publishedBy: null };

function item(procedureId: string, title: string, department: ProcedureDepartment, state: { published?: boolean; draft?: boolean }): ProcedureListItem {
  return {
    procedureId, title, kind: 'application', departmentRef: department.ref, department,
    latest: state.published === false ? null : { ...version, procedureId, title },
    draft: state.draft ? { revision: 1, updatedAt: '2026-11-27T00:00:00Z', updatedBy: null } : null,
    canEdit: true,
  };
}

const items = [
  item('child-allowance-claim', '児童手当 認定請求', kodomo, { draft: true }),
  item('nhi-enrollment', '国民健康保険 資格取得届', kenko, {}),
  item('prenatal-voucher-exchange', '妊婦健診受診票の交換', boshi, {}),
  item('new-subsidy', 'おむつ購入費助成', kodomo, { published: false, draft: true }),
];
const ids = (list: ProcedureListItem[]) => list.map((i) => i.procedureId);

describe('filterCatalogue', () => {
  it('finds by title, id or section, folding half-width kana', () => {
    expect(ids(filterCatalogue(items, { q: '児童手当' }))).toEqual(['child-allowance-claim']);
    expect(ids(filterCatalogue(items, { q: 'NHI' }))).toEqual(['nhi-enrollment']);
    expect(ids(filterCatalogue(items, { q: 'ｵﾑﾂ' }))).toEqual(['new-subsidy']);
    expect(ids(filterCatalogue(items, { q: '母子' }))).toEqual(['prenatal-voucher-exchange']);
  });

  it('filters by department (課), taking in all its sections', () => {
    expect(ids(filterCatalogue(items, { department: 'd-kenko' }))).toEqual(['nhi-enrollment', 'prenatal-voucher-exchange']);
  });

  it('filters by status', () => {
    expect(ids(filterCatalogue(items, { status: 'draft' }))).toEqual(['child-allowance-claim', 'new-subsidy']);
    expect(ids(filterCatalogue(items, { status: 'published' }))).toEqual(['child-allowance-claim', 'nhi-enrollment', 'prenatal-voucher-exchange']);
    expect(ids(filterCatalogue(items, { status: 'unpublished' }))).toEqual(['new-subsidy']);
    expect(ids(filterCatalogue(items, { status: 'draft', department: 'd-kodomo', q: '児童' }))).toEqual(['child-allowance-claim']);
  });
});

describe('departmentChoices', () => {
  it('offers each department once, whatever its sections', () => {
    expect(departmentChoices([kenko, boshi, kodomo])).toEqual([
      { value: 'd-kodomo', label: 'こども未来課' },
      { value: 'd-kenko', label: '健康増進課' },
    ]);
  });
});
