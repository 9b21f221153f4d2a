import { useState, type FormEvent } from 'react';
import type { ResidentStatus } from '../../api/types';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { residentStatusLabels } from '../../lib/labels';
import { readSearchForm, type SearchCriteria, type SearchFormErrors, type SearchFormValues } from './searchCriteria';

export interface ResidentSearchFormProps {
  initial: SearchCriteria;
  onSearch: (criteria: SearchCriteria) => void;
  onClear: () => void;
  busy?: boolean;
  /** Errors the server found in the criteria (e.g. a date it could not read). */
  serverErrors?: SearchFormErrors;
}

const statusOptions = [
  { value: '', label: 'すべて（転出・死亡した人も含む）' },
  ...(Object.entries(residentStatusLabels) as [ResidentStatus, string][]).map(([value, label]) => ({
    value,
    label: `${label}の人のみ`,
  })),
];

function toValues(criteria: SearchCriteria): SearchFormValues {
  return {
    q: criteria.q ?? '',
    birth: criteria.birth ?? '',
    address: criteria.address ?? '',
    status: criteria.status ?? '',
  };
}

export function ResidentSearchForm({ initial, onSearch, onClear, busy = false, serverErrors = {} }: ResidentSearchFormProps) {
  const [values, setValues] = useState<SearchFormValues>(() => toValues(initial));
  const [errors, setErrors] = useState<SearchFormErrors>({});
  const shown = { ...serverErrors, ...errors };

  const set = (field: keyof SearchFormValues) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = readSearchForm(values);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    onSearch(result.criteria);
  };

  const clear = () => {
    setValues(toValues({}));
    setErrors({});
    onClear();
  };

  return (
    <form
      role="search"
      aria-label="住民の検索条件"
      noValidate
      onSubmit={submit}
      className="flex flex-col gap-5 rounded-12 border border-solid-gray-200 bg-white p-6"
    >
      {shown.form ? (
        <Alert variant="error" focusOnMount>
          {shown.form}
        </Alert>
      ) : null}
      <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
        <TextField
          label="氏名・カナ"
          hint="漢字・カナ・半角カナ、姓だけでも可。"
          name="q"
          autoComplete="off"
          placeholder="例：山田 太郎、ﾔﾏﾀﾞ"
          value={values.q}
          onChange={set('q')}
        />
        <TextField
          label="生年月日"
          hint="和暦・西暦どちらでも。年だけでも可。"
          name="birth"
          autoComplete="off"
          placeholder="例：昭和45年3月2日、S45、1970-03-02"
          value={values.birth}
          onChange={set('birth')}
          error={shown.birth}
        />
        <TextField
          label="住所"
          hint="町名など、住所の一部。"
          name="address"
          autoComplete="off"
          placeholder="例：若葉町"
          value={values.address}
          onChange={set('address')}
        />
        <SelectField
          label="住民の状態"
          hint="転出・死亡した人を含めるか。"
          name="status"
          options={statusOptions}
          value={values.status}
          onChange={set('status')}
        />
      </div>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" busy={busy} busyLabel="検索しています…" className="min-w-40">
          検索する
        </Button>
        <Button variant="tertiary" onClick={clear}>
          条件をクリア
        </Button>
      </div>
    </form>
  );
}
