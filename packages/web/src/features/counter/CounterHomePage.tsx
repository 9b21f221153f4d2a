import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useCallback, useState, type FormEvent } from 'react';
import { useApi } from '../../api/ApiProvider';
import { ApiError } from '../../api/errors';
import { usePageTitle } from '../../app/usePageTitle';
import { Badge } from '../../components/Badge';
import { Button, buttonClasses } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { ORIGIN_LABELS, STEPS } from './labels';
import { QrScanner, canScanWithCamera } from './QrScanner';
import { inputClass } from './QuestionField';

const time = (iso: string) => new Date(iso).toLocaleTimeString('ja-JP', { hour: '2-digit', minute: '2-digit' });
const stepLabel = (key: string) => STEPS.find((s) => s.key === key)?.label ?? key;

/** Continues a resident's kiosk or home entry: by its QR code (camera or handheld scanner) or its code. */
function PickUp({ onVisit }: { onVisit: (visitId: string) => void }) {
  const api = useApi();
  const [code, setCode] = useState('');
  const [camera, setCamera] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const pick = useCallback(async (by: { code: string } | { entryId: string }) => {
    setBusy(true);
    setError(null);
    try {
      onVisit((await api.counter.pickUp(by)).id);
    } catch (e) {
      // Already picked up: open the visit it became.
      if (e instanceof ApiError && e.code === 'ENTRY_PICKED_UP' && e.details[0]) onVisit(e.details[0].message);
      else setError(e);
    } finally {
      setBusy(false);
    }
  }, [api, onVisit]);
  const waiting = useQuery({ queryKey: ['counter-entries'], queryFn: () => api.counter.waitingEntries(), refetchInterval: 15_000 });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (code.trim()) void pick({ code: code.trim() });
  };
  const onDetected = useCallback((text: string) => {
    setCamera(false);
    setCode(text);
    void pick({ code: text });
  }, [pick]);
  return (
    <div className="flex flex-col gap-5">
      <form className="flex flex-col gap-2" onSubmit={submit}>
        <label htmlFor="entry-code" className="text-std-17B-170">受付コード（QRコードの下の16文字）</label>
        <p className="text-std-16N-170 text-solid-gray-700">手持ちのQRコードリーダーで読み取るか、コードを入力してください（ハイフンはあってもなくても構いません）。</p>
        <div className="flex flex-wrap gap-3">
          <input id="entry-code" className={`${inputClass()} max-w-md font-mono tracking-wider`} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} placeholder="ABCD-EFGH-JKMN-PQRS" />
          <Button type="submit" className="min-h-14" busy={busy} busyLabel="開いています…">この入力から受付を始める</Button>
          {canScanWithCamera() ? <Button variant="secondary" className="min-h-14" onClick={() => setCamera(true)}>カメラで読み取る</Button> : null}
        </div>
      </form>
      {camera ? <QrScanner onDetected={onDetected} onClose={() => setCamera(false)} /> : null}
      {error ? <ErrorAlert error={error} title="受付を始められませんでした" /> : null}
      <div className="flex flex-col gap-2">
        <h3 className="text-std-18B-160">送られてきた入力（記載台・事前申請）</h3>
        {waiting.isPending ? <Loading /> : waiting.isError ? <ErrorAlert error={waiting.error} /> : waiting.data.length === 0 ? (
          <p className="text-std-16N-170 text-solid-gray-700">いまは待っている入力はありません。</p>
        ) : (
          <ul className="flex flex-col gap-2">
            {waiting.data.map((w) => (
              <li key={w.id} className="flex flex-wrap items-center justify-between gap-3 rounded-8 border border-solid-gray-300 p-3">
                <span className="flex flex-wrap items-center gap-3">
                  {w.kioskNumber ? <span className="font-mono text-std-24B-150">{w.kioskNumber}</span> : <Badge>事前申請</Badge>}
                  <span className="text-std-18N-160">{w.label}</span>
                  <span className="text-std-16N-170 text-solid-gray-700">{`${time(w.submittedAt)} 送信`}</span>
                </span>
                <Button size="sm" onClick={() => void pick({ entryId: w.id })}>受付を始める</Button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

/** 書かない窓口の受付一覧: start, resume, pick up what residents entered. */
export function CounterHomePage() {
  usePageTitle('書かない窓口');
  const api = useApi();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const open = useQuery({ queryKey: ['counter-visits', 'open'], queryFn: () => api.counter.list('open') });
  const done = useQuery({ queryKey: ['counter-visits', 'completed'], queryFn: () => api.counter.list('completed') });
  // Cases a department sent back to the counter, with its note on the case page.
  const returned = useQuery({ queryKey: ['inbox', 'returned', 'counter'], queryFn: async () => (await api.cases.inbox({ status: 'returned', limit: 50 })).items.filter((c) => c.channel === 'counter' || c.channel === 'kiosk') });
  const toVisit = useCallback((visitId: string) => void navigate({ to: '/counter/visits/$visitId', params: { visitId } }), [navigate]);
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      toVisit((await api.counter.start()).id);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader
        title="書かない窓口"
        description="住民の方にお話を伺いながら、届出書をまとめて作ります。住民の方が書くのは、最後の署名だけです。"
        actions={
          <>
            <Link to="/inbox" className={buttonClasses('secondary', 'sm')}>受付箱</Link>
            <Link to="/counter/stats" className={buttonClasses('secondary', 'sm')}>窓口の統計</Link>
          </>
        }
      />
      <div className="flex flex-col gap-6">
        <div className="flex flex-wrap items-center gap-4 rounded-12 border-2 border-key-900 bg-key-50 p-6">
          <Button className="min-h-20 px-12 text-std-24B-150" busy={busy} busyLabel="始めています…" onClick={() => void start()}>受付を始める</Button>
          <p className="text-std-18N-160">マイナンバーカード・住民検索・転出証明書のデータから始めます。</p>
        </div>
        {error ? <ErrorAlert error={error} /> : null}
        <Section title="記載台・事前申請からの受付">
          <PickUp onVisit={toVisit} />
        </Section>
        {returned.data && returned.data.length > 0 ? (
          <Section title="担当課から差し戻された案件">
            <ul className="flex flex-col gap-2">
              {returned.data.map((c) => (
                <li key={c.id} className="flex flex-wrap items-center justify-between gap-3 rounded-8 border-2 border-red-900 bg-red-50 p-3">
                  <span className="text-std-18N-160">{`受付番号 ${c.receiptNumber ?? ''}・${time(c.updatedAt)} 差戻し`}</span>
                  <Link to="/inbox/$caseId" params={{ caseId: c.id }} className={buttonClasses('secondary', 'sm')}>理由を見る</Link>
                </li>
              ))}
            </ul>
          </Section>
        ) : null}
        <Section title="続きから（受付中）">
          {open.isPending ? <Loading /> : open.isError ? <ErrorAlert error={open.error} /> : open.data.length === 0 ? (
            <EmptyState title="受付中のものはありません" />
          ) : (
            <ul className="flex flex-col gap-2">
              {open.data.map((v) => (
                <li key={v.id} className="flex flex-wrap items-center justify-between gap-3 rounded-8 border border-solid-gray-300 p-3">
                  <span className="flex flex-wrap items-center gap-3">
                    <span className="text-std-18B-160">{v.label}</span>
                    <Badge>{ORIGIN_LABELS[v.origin]}</Badge>
                    <span className="text-std-16N-170 text-solid-gray-700">{`${time(v.startedAt)} 開始・${stepLabel(v.step)}まで・${v.startedBy ?? ''}`}</span>
                  </span>
                  <Link to="/counter/visits/$visitId" params={{ visitId: v.id }} className={buttonClasses('primary', 'sm')}>続ける</Link>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="完了した受付">
          {done.isPending ? <Loading /> : done.isError ? <ErrorAlert error={done.error} /> : done.data.length === 0 ? (
            <EmptyState title="完了した受付はまだありません" />
          ) : (
            <ul className="flex flex-col gap-2">
              {done.data.map((v) => (
                <li key={v.id} className="flex flex-wrap items-center justify-between gap-3 rounded-8 border border-solid-gray-300 p-3">
                  <span className="text-std-18N-160">{`${v.label}・${time(v.updatedAt)} 完了`}</span>
                  <Link to="/counter/visits/$visitId" params={{ visitId: v.id }} className={buttonClasses('secondary', 'sm')}>受付番号・案内書</Link>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
    </>
  );
}
