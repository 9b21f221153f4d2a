import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { TextField } from '../../components/TextField';
import { portalApi, type LifeEvent } from './portalApi';
import { portalKeys, usePortalCode } from './PortalLayout';

const EVENTS: { kind: LifeEvent; label: string }[] = [
  { kind: 'birth', label: '子どもが生まれた' },
  { kind: 'moveIn', label: '引っ越してきた' },
  { kind: 'moveWithin', label: '市内で引っ越した' },
  { kind: 'moveOut', label: '市外へ引っ越す' },
  { kind: 'marriage', label: '結婚した' },
  { kind: 'divorce', label: '離婚した' },
  { kind: 'death', label: '家族が亡くなった' },
];

export const yen = (n: number) => (n === 0 ? '無料' : `${n.toLocaleString('ja-JP')}円`);

/** 手続きを探す: by words, by life event; every procedure shows its department. */
export function PortalHomePage() {
  const code = usePortalCode();
  const [q, setQ] = useState('');
  const [event, setEvent] = useState<LifeEvent | ''>('');
  const list = useQuery({
    queryKey: portalKeys.procedures(code, q, event),
    queryFn: () => portalApi(code).procedures({ q, lifeEvent: event || undefined }),
    placeholderData: (prev) => prev,
  });
  return (
    <>
      <h1 className="text-std-28B-150">手続きを探す</h1>
      <form role="search" onSubmit={(e) => e.preventDefault()} className="flex flex-col gap-4 rounded-12 border border-solid-gray-200 bg-white p-4">
        <TextField label="キーワード" hint="例: 児童手当、医療費" value={q} onChange={(e) => setQ(e.target.value)} type="search" />
        <fieldset className="flex flex-col gap-2">
          <legend className="text-std-16B-170">できごとから探す</legend>
          <div className="flex flex-wrap gap-2">
            {EVENTS.map((e) => (
              <button key={e.kind} type="button" aria-pressed={event === e.kind} onClick={() => setEvent(event === e.kind ? '' : e.kind)}
                className={`min-h-11 rounded-full border-2 px-4 text-std-16N-170 ${event === e.kind ? 'border-key-900 bg-key-900 text-white' : 'border-solid-gray-300 bg-white text-solid-gray-900'}`}>
                {e.label}
              </button>
            ))}
          </div>
        </fieldset>
      </form>
      {list.isPending ? <Loading /> : list.isError ? <ErrorAlert error={list.error} /> : list.data.length === 0 ? (
        <EmptyState title="該当する手続きがありません">キーワードを変えるか、できごとの選択を外してください。オンラインで受け付けていない手続きは窓口で手続きできます。</EmptyState>
      ) : (
        <ul className="flex flex-col gap-3" aria-label="オンラインで申請できる手続き">
          {list.data.map((p) => (
            <li key={p.procedureId}>
              <Link to="/portal/$code/procedures/$procedureId" params={{ code, procedureId: p.procedureId }}
                className="flex flex-col gap-1 rounded-12 border border-solid-gray-200 bg-white p-4 text-solid-gray-900 no-underline hover:border-key-900">
                <span className="text-std-20B-150 text-key-900 underline underline-offset-4">{p.title}</span>
                <span className="text-std-16N-170">{p.summary}</span>
                <span className="text-std-16N-170 text-solid-gray-700">
                  担当: {p.departmentName} ・ 手数料: {yen(p.feeYen)}{p.signatureRequired ? ' ・ マイナンバーカードで電子署名' : ''}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
