import { parseDateQuery } from '@madoguchi/jp';
import type { ResidentStatus } from '../../api/types';

export interface SearchCriteria {
  q?: string;
  birth?: string;
  address?: string;
  status?: ResidentStatus;
}

export interface SearchFormValues {
  q: string;
  birth: string;
  address: string;
  status: ResidentStatus | '';
}

export interface SearchFormErrors {
  form?: string;
  birth?: string;
}

export type SearchFormResult = { ok: true; criteria: SearchCriteria } | { ok: false; errors: SearchFormErrors };

export const NO_CRITERIA_MESSAGE = '氏名・カナ、生年月日、住所のどれか1つ以上を入力してから「検索する」を押してください。';

/** True when the criteria narrow the registry enough for the server to accept them. */
export function hasCriteria(criteria: SearchCriteria): boolean {
  return Boolean(criteria.q || criteria.birth || criteria.address);
}

/**
 * Turns what was typed into search criteria. Name and address go to the server as typed (it folds
 * kana and width itself); the birth date is checked here with the same parser the server uses,
 * so a mistyped 和暦 is explained before anything is sent.
 */
export function readSearchForm(values: SearchFormValues): SearchFormResult {
  const criteria: SearchCriteria = {};
  const q = values.q.trim();
  const birth = values.birth.trim();
  const address = values.address.trim();
  if (q) criteria.q = q;
  if (birth) criteria.birth = birth;
  if (address) criteria.address = address;
  if (values.status) criteria.status = values.status;
  if (!hasCriteria(criteria)) return { ok: false, errors: { form: NO_CRITERIA_MESSAGE } };
  if (birth) {
    const parsed = parseDateQuery(birth);
    if (!parsed.ok) return { ok: false, errors: { birth: parsed.message } };
  }
  return { ok: true, criteria };
}
