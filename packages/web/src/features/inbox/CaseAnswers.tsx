import { formatWareki, isIsoDate } from '@madoguchi/jp';
import type { Field, ProcedureDefinition } from '@madoguchi/procedures';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An answer as the department reads it: choices by label, dates in 和暦, addresses on one line. */
function show(field: Field | undefined, value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (field?.type === 'choice') {
    const label = (v: unknown) => field.options.find((o) => o.value === v)?.label ?? String(v);
    return Array.isArray(value) ? value.map(label).join('、') : label(value);
  }
  if (typeof value === 'boolean') return value ? 'はい' : 'いいえ';
  if (typeof value === 'string' && isIsoDate(value)) return formatWareki(value);
  if (isRecord(value) && 'address' in value) return `${value['postalCode'] ? `〒${String(value['postalCode'])} ` : ''}${String(value['address'] ?? '')}${value['building'] ? ` ${String(value['building'])}` : ''}`;
  if (isRecord(value) && 'method' in value) return signatureLabel(value);
  if (isRecord(value) && 'name' in value) return String(value['name']);
  return String(value);
}

/** A case's answers under the procedure's own labels (fields the definition does not know, by their id). */
export function CaseAnswers({ definition, answers }: { definition: ProcedureDefinition | null; answers: Record<string, unknown> }) {
  const fields = definition ? definition.steps.flatMap((s) => s.fields) : [];
  const known = new Set(fields.map((f) => f.id));
  const rows = [...fields.filter((f) => f.id in answers), ...Object.keys(answers).filter((k) => !known.has(k)).map((id) => ({ id, label: id, type: 'text' }) as unknown as Field)];
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 md:grid-cols-[14rem_1fr]">
      {rows.map((f) => {
        const v = answers[f.id];
        if (f.type === 'repeater' && Array.isArray(v)) {
          return (
            <div key={f.id} className="contents">
              <dt className="text-std-16B-170">{f.label}</dt>
              <dd>
                <ul className="flex flex-col gap-2">
                  {v.filter(isRecord).map((item, i) => (
                    <li key={i} className="rounded-8 bg-solid-gray-50 p-2 text-std-16N-170">
                      {f.fields.filter((c) => c.id in item).map((c) => `${c.label}: ${show(c, item[c.id])}`).join('　')}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          );
        }
        return (
          <div key={f.id} className="contents">
            <dt className="text-std-16B-170">{f.label}</dt>
            <dd className="text-std-16N-170">{show(f, v)}</dd>
          </div>
        );
      })}
    </dl>
  );
}

/** Where the resident signed: with the card, on a tablet screen, or on the paper form kept in the vehicle. */
function signatureLabel(value: Record<string, unknown>): string {
  if (value['method'] === 'jpki') return '電子署名';
  const ref = typeof value['ref'] === 'string' ? value['ref'] : '';
  if (ref.startsWith('outreach-paper')) return '紙の申請書に署名（移動市役所で保管）';
  if (ref.startsWith('outreach-screen:')) return '移動市役所の端末の画面に署名';
  if (ref.startsWith('counter-paper:')) return '印刷した届出書に署名（窓口で保管）';
  return 'タブレットに署名';
}
