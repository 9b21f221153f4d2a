import { foldKanaForSearch } from '@madoguchi/jp';
import type { ProcedureDepartment, ProcedureListItem } from '../../api/types';

export type CatalogueStatus = 'published' | 'draft' | 'unpublished';

export const catalogueStatusLabels: Record<CatalogueStatus, string> = {
  published: '公開中',
  draft: '下書きあり',
  unpublished: '未公開（下書きだけ）',
};

export interface CatalogueFilter {
  q?: string | undefined;
  /** A department row id (課), which may hold several sections. */
  department?: string | undefined;
  status?: CatalogueStatus | undefined;
}

function matchesStatus(item: ProcedureListItem, status: CatalogueStatus | undefined): boolean {
  if (status === 'published') return item.latest !== null;
  if (status === 'draft') return item.draft !== null;
  if (status === 'unpublished') return item.latest === null;
  return true;
}

/**
 * The catalogue is a few dozen procedures, so it is filtered here rather than on the server. The
 * search matches the title, the id and the section, with kana and width folded (ｲﾝｶﾝ finds 印鑑 only
 * through its id or title, but ｺﾄﾞﾓ finds こども未来課).
 */
export function filterCatalogue(items: readonly ProcedureListItem[], filter: CatalogueFilter): ProcedureListItem[] {
  const q = filter.q ? foldKanaForSearch(filter.q) : '';
  return items.filter((item) => {
    if (filter.department && item.department?.departmentId !== filter.department) return false;
    if (!matchesStatus(item, filter.status)) return false;
    if (q === '') return true;
    const haystack = [item.title, item.procedureId, item.department?.departmentName ?? '', item.department?.section ?? ''].map(foldKanaForSearch).join('\n');
    return haystack.includes(q);
  });
}

/** One choice per department (課), in the order the sections come, for the filter menu. */
export function departmentChoices(departments: readonly ProcedureDepartment[]): { value: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const d of departments) if (!seen.has(d.departmentId)) seen.set(d.departmentId, d.departmentName);
  return [...seen].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label, 'ja'));
}
