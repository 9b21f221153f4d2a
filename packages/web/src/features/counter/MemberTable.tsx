import { emptyMember, fullName, RELATIONSHIPS, RELATIONSHIP_LABELS, type BundleMember, type LeafField } from '@madoguchi/procedures';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { INSURANCE_LABELS, PENSION_LABELS } from './labels';
import { QuestionField } from './QuestionField';

/**
 * The household, entered once for every form of the visit: each member as a card with their name,
 * reading, birth date, sex, 続柄, whether they move, and the facts the navigator needs (health
 * insurance, pension, My Number card …). Errors from any form land on the member's own field.
 */

const text = (id: string, label: string): LeafField => ({ id, label, type: 'text', required: true, staffOnly: false, multiline: false });
const kana = (id: string, label: string): LeafField => ({ id, label, type: 'kana', required: true, staffOnly: false });
const FIELDS = {
  familyName: text('familyName', '氏'),
  givenName: text('givenName', '名'),
  familyNameKana: kana('familyNameKana', '氏（ふりがな）'),
  givenNameKana: kana('givenNameKana', '名（ふりがな）'),
  birthDate: { id: 'birthDate', label: '生年月日', type: 'date', required: true, staffOnly: false } as LeafField,
  sex: { id: 'sex', label: '性別', type: 'choice', required: true, staffOnly: false, multiple: false, display: 'radio', options: [{ value: 'male', label: '男' }, { value: 'female', label: '女' }] } as LeafField,
};

const FACTS: { key: keyof Pick<BundleMember, 'hasMyNumberCard' | 'sealRegistered' | 'pregnant' | 'disabilityCertificate' | 'careCertification' | 'civilServant'>; label: string }[] = [
  { key: 'hasMyNumberCard', label: 'マイナンバーカードを持っている' },
  { key: 'sealRegistered', label: '印鑑登録をしていた' },
  { key: 'pregnant', label: '妊娠中' },
  { key: 'disabilityCertificate', label: '障害者手帳がある' },
  { key: 'careCertification', label: '要介護・要支援の認定がある' },
  { key: 'civilServant', label: '公務員（児童手当は勤務先から）' },
];

export interface MemberTableProps {
  members: BundleMember[];
  onChange: (members: BundleMember[]) => void;
  errors: Record<string, string>;
  /** Which members take part in the event: shown for moves. */
  showMoving: boolean;
  large?: boolean;
  /** Resident pages word things for the resident. */
  resident?: boolean;
}

export function MemberTable({ members, onChange, errors, showMoving, large, resident }: MemberTableProps) {
  const set = (id: string, patch: Partial<BundleMember>) => onChange(members.map((m) => (m.id === id ? { ...m, ...patch } : m)));
  const add = () => onChange([...members, { ...emptyMember(`m${Date.now().toString(36)}`, members.length === 0 ? 'householder' : 'child') }]);
  return (
    <div className="flex flex-col gap-4">
      {members.map((m, index) => {
        const err = (column: string) => errors[`member:${m.id}:${column}`];
        const title = fullName(m) || `${index + 1}人目`;
        return (
          <fieldset key={m.id} className={`flex flex-col gap-4 rounded-12 border-2 p-4 ${m.moving || !showMoving ? 'border-solid-gray-300 bg-white' : 'border-dashed border-solid-gray-300 bg-solid-gray-50'}`}>
            <legend className="flex flex-wrap items-center gap-2 px-2 text-std-20B-150">
              {title}
              <Badge>{RELATIONSHIP_LABELS[m.relationship]}</Badge>
              {m.residentId ? <Badge tone="positive">住民記録にあり</Badge> : null}
            </legend>
            {showMoving ? (
              <label className="flex min-h-14 cursor-pointer items-center gap-3 rounded-8 border-2 border-key-900 bg-key-50 px-4 text-std-18B-160">
                <input type="checkbox" className="size-7 accent-key-900" checked={m.moving} onChange={(e) => set(m.id, { moving: e.target.checked })} />
                {resident ? 'この人も引っ越す' : '異動する（この届出で住所・世帯が変わる）'}
              </label>
            ) : null}
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
              <QuestionField field={FIELDS.familyName} value={m.familyName} required error={err('familyName')} large={large} onChange={(v) => set(m.id, { familyName: typeof v === 'string' ? v : '' })} />
              <QuestionField field={FIELDS.givenName} value={m.givenName} required error={err('givenName')} large={large} onChange={(v) => set(m.id, { givenName: typeof v === 'string' ? v : '' })} />
              <QuestionField field={FIELDS.familyNameKana} value={m.familyNameKana} required error={err('familyNameKana')} large={large} onChange={(v) => set(m.id, { familyNameKana: typeof v === 'string' ? v : '' })} />
              <QuestionField field={FIELDS.givenNameKana} value={m.givenNameKana} required error={err('givenNameKana')} large={large} onChange={(v) => set(m.id, { givenNameKana: typeof v === 'string' ? v : '' })} />
              <QuestionField field={FIELDS.birthDate} value={m.birthDate} required error={err('birthDate')} large={large} onChange={(v) => set(m.id, { birthDate: typeof v === 'string' ? v : '' })} />
              <QuestionField field={FIELDS.sex} value={m.sex ?? undefined} required error={err('sex')} large={large} onChange={(v) => set(m.id, { sex: v === 'male' || v === 'female' ? v : null })} />
            </div>
            <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
              <label className="flex flex-col gap-1">
                <span className="text-std-17B-170">{resident ? '世帯主から見た続柄' : '続柄'}</span>
                <select className="min-h-14 rounded-8 border border-solid-gray-600 bg-white px-3 text-std-18N-160" value={m.relationship} onChange={(e) => set(m.id, { relationship: e.target.value as BundleMember['relationship'] })}>
                  {RELATIONSHIPS.map((r) => <option key={r} value={r}>{RELATIONSHIP_LABELS[r]}</option>)}
                </select>
              </label>
              <label className="flex flex-col gap-1">
                <span className="text-std-17B-170">健康保険</span>
                <select className="min-h-14 rounded-8 border border-solid-gray-600 bg-white px-3 text-std-18N-160" value={m.healthInsurance} onChange={(e) => set(m.id, { healthInsurance: e.target.value as BundleMember['healthInsurance'] })}>
                  {Object.entries(INSURANCE_LABELS).map(([k, l]) => <option key={k} value={k}>{l}</option>)}
                </select>
              </label>
              <label className="flex flex-col gap-1">
                <span className="text-std-17B-170">年金</span>
                <select className="min-h-14 rounded-8 border border-solid-gray-600 bg-white px-3 text-std-18N-160" value={m.pensionCategory} onChange={(e) => set(m.id, { pensionCategory: e.target.value as BundleMember['pensionCategory'] })}>
                  {Object.entries(PENSION_LABELS).map(([k, l]) => <option key={k} value={k}>{l}</option>)}
                </select>
              </label>
            </div>
            <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
              {FACTS.map((fact) => (
                <label key={fact.key} className={`flex min-h-12 cursor-pointer items-center gap-3 rounded-8 border px-3 text-std-16N-170 ${m[fact.key] ? 'border-key-900 bg-key-50' : 'border-solid-gray-300'}`}>
                  <input type="checkbox" className="size-6 accent-key-900" checked={m[fact.key]} onChange={(e) => set(m.id, { [fact.key]: e.target.checked })} />
                  {fact.label}
                </label>
              ))}
            </div>
            {members.length > 1 ? (
              <Button variant="danger" size="sm" className="self-start" onClick={() => onChange(members.filter((x) => x.id !== m.id))}>
                {`${title}を一覧から外す`}
              </Button>
            ) : null}
          </fieldset>
        );
      })}
      <Button variant="secondary" className="self-start" onClick={add}>
        ＋ 世帯の人を追加
      </Button>
    </div>
  );
}
