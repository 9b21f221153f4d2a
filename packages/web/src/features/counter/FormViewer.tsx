import { useState } from 'react';

/**
 * The forms of the visit as the resident checks them: one PDF at a time, large, with a button per
 * form. `version` changes the address after each save or signature, so the browser fetches the
 * current form rather than a cached one.
 */
export function FormViewer({ forms, urlOf, version }: { forms: { procedureId: string; title: string }[]; urlOf: (procedureId: string, version: string) => string; version: string }) {
  const [current, setCurrent] = useState(forms[0]?.procedureId ?? null);
  if (forms.length === 0) return <p className="text-std-16N-170">紙の届出書がある手続きはありません（内容はデータで担当課に届きます）。</p>;
  const shown = forms.find((f) => f.procedureId === current) ?? forms[0]!;
  return (
    <div className="flex flex-col gap-3">
      <div role="tablist" aria-label="届出書" className="flex flex-wrap gap-2">
        {forms.map((f) => (
          <button key={f.procedureId} type="button" role="tab" aria-selected={f.procedureId === shown.procedureId}
            className={`min-h-12 rounded-8 border-2 px-4 text-std-16B-170 ${f.procedureId === shown.procedureId ? 'border-key-900 bg-key-900 text-white' : 'border-key-900 bg-white text-key-900'}`}
            onClick={() => setCurrent(f.procedureId)}>
            {f.title}
          </button>
        ))}
      </div>
      <iframe key={`${shown.procedureId}-${version}`} title={`${shown.title}（PDF）`} src={urlOf(shown.procedureId, version)} className="h-[70vh] min-h-[32rem] w-full rounded-8 border border-solid-gray-300 bg-solid-gray-50" />
      <a href={urlOf(shown.procedureId, version)} target="_blank" rel="noreferrer" className="self-start text-std-16N-170 text-key-900 underline">{`${shown.title}を別の画面で開く（印刷）`}</a>
    </div>
  );
}
