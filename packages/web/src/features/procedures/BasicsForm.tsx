import type { ProcedureDepartment } from '../../api/types';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import type { Basics } from './draftDocument';

export interface BasicsFormProps {
  basics: Basics;
  departments: readonly ProcedureDepartment[];
  /** False while the JSON cannot be read: the inputs would have nothing to write into. */
  enabled: boolean;
  onChange: (patch: Partial<Basics>) => void;
}

/** The parts of a definition most edits touch, as ordinary inputs that write into the JSON document. */
export function BasicsForm({ basics, departments, enabled, onChange }: BasicsFormProps) {
  const known = departments.some((d) => d.ref === basics.departmentId);
  return (
    <fieldset disabled={!enabled} className="flex flex-col gap-4">
      <legend className="sr-only">基本情報</legend>
      <TextField label="名称" value={basics.title} onChange={(e) => onChange({ title: e.target.value })} />
      <div className="flex flex-col gap-1">
        <label htmlFor="procedure-summary" className="text-std-16B-170">
          概要
        </label>
        <textarea
          id="procedure-summary"
          rows={3}
          value={basics.summary}
          onChange={(e) => onChange({ summary: e.target.value })}
          className="block w-full rounded-8 border border-solid-gray-600 bg-white px-4 py-2 text-std-16N-170 disabled:bg-solid-gray-50"
        />
      </div>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <SelectField
          label="種類"
          options={[
            { value: 'notification', label: '届出' },
            { value: 'application', label: '申請' },
          ]}
          value={basics.kind}
          onChange={(e) => onChange({ kind: e.target.value })}
        />
        <SelectField
          label="担当（係・窓口）"
          options={[
            ...(known ? [] : [{ value: basics.departmentId, label: `（登録されていない担当: ${basics.departmentId || '未設定'}）` }]),
            ...departments.map((d) => ({ value: d.ref, label: `${d.departmentName} ${d.section.replace(/（.*）$/, '')}` })),
          ]}
          value={basics.departmentId}
          onChange={(e) => onChange({ departmentId: e.target.value })}
        />
      </div>
    </fieldset>
  );
}
