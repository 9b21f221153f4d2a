import { useState, type FormEvent } from 'react';
import type { StaffAccount } from '../../api/types';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { auditActions } from './auditActions';
import { checkAuditFilter, type AuditFilterErrors, type AuditFilterValues } from './auditFilter';

export interface AuditFilterFormProps {
  initial: AuditFilterValues;
  staff: StaffAccount[];
  onApply: (values: AuditFilterValues) => void;
  onClear: () => void;
}

export function AuditFilterForm({ initial, staff, onApply, onClear }: AuditFilterFormProps) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<AuditFilterErrors>({});
  const set = (field: keyof AuditFilterValues) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkAuditFilter(values);
    setErrors(found);
    if (Object.keys(found).length === 0) onApply(values);
  };
  return (
    <form role="search" aria-label="監査ログの絞り込み条件" noValidate onSubmit={submit} className="flex flex-col gap-5">
      <div className="grid grid-cols-1 gap-5 sm:grid-cols-2">
        <SelectField
          label="職員"
          options={[
            { value: '', label: 'すべての職員' },
            ...staff.map((item) => ({ value: item.id, label: `${item.displayName}（${item.loginId}）` })),
          ]}
          value={values.staffId}
          onChange={set('staffId')}
        />
        <SelectField
          label="操作"
          options={[{ value: '', label: 'すべての操作' }, ...auditActions]}
          value={values.action}
          onChange={set('action')}
        />
        <TextField label="開始日" hint="この日の0時からを含みます。" type="date" value={values.from} onChange={set('from')} max={values.to || undefined} />
        <TextField label="終了日" hint="この日の終わりまでを含みます。" type="date" value={values.to} onChange={set('to')} error={errors.to} />
      </div>
      <div className="flex flex-wrap gap-3">
        <Button type="submit">絞り込む</Button>
        <Button variant="tertiary" onClick={onClear}>
          条件をクリア
        </Button>
      </div>
    </form>
  );
}
