import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import type { ResidentSummary } from '../../api/types';
import { useMe } from '../../app/auth';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button, buttonClasses } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { QrCode } from '../../components/QrCode';
import { Section } from '../../components/Section';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { staffQueueApi, type DeskAction, type DeskVisit, type IssuedTicket, type QueueConfig, type QueueEntry, type QueueView } from './queueApi';
import { formatTime, waitText } from './queueFormat';
import { TicketReceipt } from './TicketReceipt';
import { useEventStream } from './useEventStream';

const DESK_KEY = 'madoguchi.queue.desk';
export const deskKeys = {
  config: ['queue', 'staff', 'config'] as const,
  queue: (locationId: string) => ['queue', 'staff', 'queue', locationId] as const,
};

function useSavedDesk(config: QueueConfig | undefined) {
  const [deskId, setDeskId] = useState(() => localStorage.getItem(DESK_KEY) ?? '');
  const desk = config?.desks.find((d) => d.id === deskId && d.active) ?? null;
  const choose = (id: string) => {
    localStorage.setItem(DESK_KEY, id);
    setDeskId(id);
  };
  return { desk, choose };
}

/** The resident served: the 書かない窓口 visit the ticket became, or a resident found by name. */
function LinkResident({ visit }: { visit: DeskVisit }) {
  const api = useApi();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<ResidentSummary[] | null>(null);
  const search = useMutation({ mutationFn: () => api.residents.search({ q, limit: 5, offset: 0 }), onSuccess: (page) => setResults(page.items) });
  const visits = useMutation({ mutationFn: staffQueueApi.openCounterVisits });
  const link = useMutation({ mutationFn: (target: { residentId: string } | { counterVisitId: string }) => staffQueueApi.link(visit.visitId, target) });
  if (link.isSuccess) {
    return <Alert variant="success">{link.data.residentName ? `${link.data.residentName}さんの来庁として記録しました。` : '書かない窓口の受付と紐付けました。'}</Alert>;
  }
  return (
    <details className="rounded-8 border border-solid-gray-300 p-3">
      <summary className="min-h-11 cursor-pointer py-2 text-std-16B-170 text-key-900">来庁者（書かない窓口の受付・住民）と紐付ける</summary>
      <div className="mt-2 flex flex-col gap-4">
        <div className="flex flex-col gap-2">
          <Button size="sm" variant="secondary" className="self-start" onClick={() => visits.mutate()} busy={visits.isPending}>
            書かない窓口の受付中の一覧を表示する
          </Button>
          {visits.data ? (
            <ul className="flex flex-col gap-2">
              {visits.data.length === 0 ? <li>受付中の書かない窓口はありません。</li> : null}
              {visits.data.map((v) => (
                <li key={v.id} className="flex flex-wrap items-center justify-between gap-2 border-b border-solid-gray-200 py-2">
                  <span>
                    {v.label}（{formatTime(v.startedAt)}〜{v.startedBy ? `・${v.startedBy}` : ''}）
                  </span>
                  <Button size="sm" variant="secondary" onClick={() => link.mutate({ counterVisitId: v.id })} busy={link.isPending}>
                    この受付と紐付ける
                  </Button>
                </li>
              ))}
            </ul>
          ) : null}
          {visits.isError ? <ErrorAlert error={visits.error} /> : null}
        </div>
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            search.mutate();
          }}
        >
          <TextField label="住民を氏名・カナで探す" value={q} onChange={(e) => setQ(e.target.value)} className="min-w-60 flex-1" required />
          <Button type="submit" variant="secondary" busy={search.isPending}>
            検索する
          </Button>
        </form>
        {search.isError ? <ErrorAlert error={search.error} /> : null}
        {results ? (
          <ul className="flex flex-col gap-2">
            {results.length === 0 ? <li>該当する住民がいません。</li> : null}
            {results.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 border-b border-solid-gray-200 py-2">
                <span>
                  {r.name}（{r.kana}）{r.birthDateWareki}生
                </span>
                <Button size="sm" variant="secondary" onClick={() => link.mutate({ residentId: r.id })} busy={link.isPending}>
                  この方と紐付ける
                </Button>
              </li>
            ))}
          </ul>
        ) : null}
        {link.isError ? <ErrorAlert error={link.error} /> : null}
      </div>
    </details>
  );
}

function CurrentVisit({ entry, config, onChanged, onDone }: { entry: QueueEntry; config: QueueConfig; onChanged: () => void; onDone: (message: string) => void }) {
  const [target, setTarget] = useState('');
  const act = useMutation({
    mutationFn: (action: DeskAction) => staffQueueApi.act(entry.visitId, action),
    onSuccess: (v, action) => {
      const done: Partial<Record<DeskAction, string>> = { done: 'の対応を終えました。', 'no-show': 'を不在にしました。', 'put-back': 'を順番待ちに戻しました。' };
      if (done[action]) onDone(`${v.displayNumber ?? ''}${done[action]}`);
    },
    onSettled: onChanged,
  });
  // The panel goes away once the visit leaves the desk, so the outcome is told by the page.
  const transfer = useMutation({
    mutationFn: () => staffQueueApi.transfer(entry.visitId, target),
    onSuccess: (v) => onDone(`${v.displayNumber ?? ''}を「${v.serviceName}」の順番待ちに移しました。`),
    onSettled: onChanged,
  });
  const others = config.services.filter((s) => s.active && s.id !== entry.serviceId);
  const visit: DeskVisit = {
    visitId: entry.visitId, ticketId: entry.ticketId, displayNumber: entry.displayNumber, serviceId: entry.serviceId, serviceName: entry.serviceName,
    state: entry.state, deskId: entry.deskId, deskName: entry.deskName, callCount: entry.callCount, needsAssistance: entry.needsAssistance, channel: '', residentId: null,
  };
  const called = entry.state === 'called';
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center gap-6">
        <p className="font-bold leading-none tabular-nums text-key-900" style={{ fontSize: '72px' }}>
          {entry.displayNumber}
        </p>
        <div className="flex flex-col gap-1">
          <p className="text-std-20B-150">{entry.serviceName}</p>
          <p className="text-std-16N-170">
            {entry.stateLabel}
            {called && entry.callCount > 1 ? `（${entry.callCount}回目の呼出）` : ''}
          </p>
          <p className="flex gap-2">
            {entry.reservation ? <Badge tone="notice">予約</Badge> : null}
            {entry.needsAssistance ? <Badge tone="notice">介助が必要</Badge> : null}
          </p>
        </div>
      </div>
      <div className="flex flex-wrap gap-3">
        {called ? (
          <>
            <Button onClick={() => act.mutate('start')} busy={act.isPending && act.variables === 'start'}>対応を始める</Button>
            <Button variant="secondary" onClick={() => act.mutate('recall')} busy={act.isPending && act.variables === 'recall'}>もう一度呼ぶ</Button>
            <Button variant="secondary" onClick={() => act.mutate('put-back')}>順番待ちに戻す</Button>
            <Button variant="danger" onClick={() => act.mutate('no-show')}>不在にする</Button>
          </>
        ) : null}
        <Button variant={called ? 'secondary' : 'primary'} onClick={() => act.mutate('done')} busy={act.isPending && act.variables === 'done'}>
          終了する
        </Button>
      </div>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (target) transfer.mutate();
        }}
      >
        <SelectField
          label="次の用件へ転送する（同じ整理券のまま）"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          options={[{ value: '', label: '転送先を選んでください' }, ...others.map((s) => ({ value: s.id, label: `${s.name}${s.departmentName ? `（${s.departmentName}）` : ''}` }))]}
          className="min-w-72 flex-1"
        />
        <Button type="submit" variant="secondary" disabled={!target} busy={transfer.isPending} busyLabel="転送しています…">
          転送する
        </Button>
      </form>
      {act.isError ? <ErrorAlert error={act.error} /> : null}
      {transfer.isError ? <ErrorAlert error={transfer.error} /> : null}
      <LinkResident visit={visit} />
    </div>
  );
}

function IssueForResident({ locationId, config }: { locationId: string; config: QueueConfig }) {
  const services = config.services.filter((s) => s.locationId === locationId && s.active);
  const [serviceId, setServiceId] = useState(services[0]?.id ?? '');
  const [assist, setAssist] = useState(false);
  const [issued, setIssued] = useState<IssuedTicket | null>(null);
  const [code, setCode] = useState('');
  const issue = useMutation({ mutationFn: () => staffQueueApi.issue(locationId, serviceId, assist), onSuccess: setIssued });
  const checkIn = useMutation({ mutationFn: () => staffQueueApi.checkIn(locationId, code), onSuccess: setIssued });
  const url = issued ? `${window.location.origin}${issued.statusPath}` : '';
  return (
    <div className="flex flex-col gap-4">
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          issue.mutate();
        }}
      >
        <SelectField label="用件" value={serviceId} onChange={(e) => setServiceId(e.target.value)} options={services.map((s) => ({ value: s.id, label: s.name }))} className="min-w-60 flex-1" />
        <label className="flex min-h-12 items-center gap-2 text-std-16N-170">
          <input type="checkbox" checked={assist} onChange={(e) => setAssist(e.target.checked)} className="size-6" />
          介助が必要
        </label>
        <Button type="submit" variant="secondary" busy={issue.isPending}>
          整理券を発行する
        </Button>
      </form>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          checkIn.mutate();
        }}
      >
        <TextField label="予約番号で受付" value={code} onChange={(e) => setCode(e.target.value.toUpperCase())} hint="例: AB12-CD34" className="min-w-60 flex-1" required />
        <Button type="submit" variant="secondary" busy={checkIn.isPending}>
          受付する
        </Button>
      </form>
      {issue.isError ? <ErrorAlert error={issue.error} /> : null}
      {checkIn.isError ? <ErrorAlert error={checkIn.error} /> : null}
      {issued ? (
        <div className="flex flex-wrap items-center gap-6 rounded-8 border border-solid-gray-300 p-4">
          <p className="text-std-32B-150 tabular-nums">{issued.displayNumber}</p>
          <QrCode value={url} label="順番の確認ページのQRコード" size={120} />
          <div className="flex flex-col gap-2">
            <p>{issued.status.serviceName}・前に{issued.status.ahead ?? 0}人</p>
            <Button size="sm" variant="secondary" onClick={() => window.print()}>
              整理券を印刷する
            </Button>
          </div>
          <TicketReceipt status={issued.status} statusUrl={url} paper="receipt" />
        </div>
      ) : null}
    </div>
  );
}

function queueColumns(entry: QueueEntry) {
  if (entry.state === 'waiting') return `前に${entry.ahead ?? 0}人・${waitText(entry.estimateMinutes)}`;
  if (entry.state === 'arrived') return entry.slotStartsAt ? `予約 ${formatTime(entry.slotStartsAt)}` : '到着済み';
  return entry.deskName ?? '';
}

/** The counter's screen: pick the desk once, then call, serve, transfer, finish. */
export function DeskPage() {
  usePageTitle('呼出');
  const me = useMe();
  const queryClient = useQueryClient();
  const config = useQuery({ queryKey: deskKeys.config, queryFn: staffQueueApi.config, staleTime: 5 * 60_000 });
  const { desk, choose } = useSavedDesk(config.data);
  const locationId = desk?.locationId ?? null;
  const queue = useQuery({ queryKey: deskKeys.queue(locationId ?? ''), queryFn: () => staffQueueApi.queue(locationId!), enabled: locationId !== null });
  const stream = useEventStream<QueueView>(locationId ? staffQueueApi.queueEventsUrl(locationId) : null, 'queue', (view) => {
    queryClient.setQueryData(deskKeys.queue(view.location.id), view);
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: deskKeys.queue(locationId ?? '') });
  const [serviceFilter, setServiceFilter] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const callNext = useMutation({ mutationFn: () => staffQueueApi.callNext(desk!.id, serviceFilter || null), onMutate: () => setMessage(null), onSettled: refresh });
  const callOne = useMutation({ mutationFn: (visitId: string) => staffQueueApi.call(desk!.id, visitId), onSettled: refresh });
  const openClose = useMutation({ mutationFn: (open: boolean) => (open ? staffQueueApi.openDesk(desk!.id) : staffQueueApi.closeDesk(desk!.id)), onSettled: refresh });
  useEffect(() => setServiceFilter(''), [desk?.id]);

  if (config.isPending) return <Loading />;
  if (config.isError) return <ErrorAlert error={config.error} />;
  const c = config.data;
  const deskOptions = c.desks.filter((d) => d.active).map((d) => ({ value: d.id, label: `${c.locations.find((l) => l.id === d.locationId)?.name ?? ''} ${d.name}` }));
  const view = queue.data;
  const mine = view?.desks.find((d) => d.id === desk?.id) ?? null;
  const deskServices = c.services.filter((s) => desk?.serviceIds.includes(s.id));
  const waiting = view?.entries.filter((e) => e.state === 'waiting' || e.state === 'arrived') ?? [];
  const atDesks = view?.entries.filter((e) => e.state === 'called' || e.state === 'serving') ?? [];
  const location = c.locations.find((l) => l.id === locationId);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="呼出"
        description="窓口を選んで「次の方を呼ぶ」を押すと、呼出表示と整理券のページに番号が出ます。"
        actions={
          <>
            <Link to="/queue/reservations" className={buttonClasses('tertiary', 'sm')}>
              窓口予約の一覧
            </Link>
            {location && me ? (
              <Link to="/q/$code/board/$location" params={{ code: me.municipality.localGovernmentCode, location: location.code }} target="_blank" className={buttonClasses('tertiary', 'sm')}>
                呼出表示を開く（別のタブ）
              </Link>
            ) : null}
          </>
        }
      />
      <Section title="担当する窓口">
        <div className="flex flex-wrap items-end gap-4">
          <SelectField label="窓口" value={desk?.id ?? ''} onChange={(e) => choose(e.target.value)} options={[{ value: '', label: '窓口を選んでください' }, ...deskOptions]} className="min-w-72" />
          {desk ? (
            <SelectField
              label="呼ぶ用件"
              value={serviceFilter}
              onChange={(e) => setServiceFilter(e.target.value)}
              options={[{ value: '', label: 'この窓口のすべての用件' }, ...deskServices.map((s) => ({ value: s.id, label: s.name }))]}
              className="min-w-60"
            />
          ) : null}
          {desk && mine ? (
            <Button variant="secondary" onClick={() => openClose.mutate(!mine.open)} busy={openClose.isPending}>
              {mine.open ? '窓口を閉じる' : '窓口を開ける'}
            </Button>
          ) : null}
          {mine ? <Badge tone={mine.open ? 'positive' : 'neutral'}>{mine.open ? '受付中' : '閉じています'}</Badge> : null}
        </div>
        {openClose.isError ? <ErrorAlert error={openClose.error} className="mt-3" /> : null}
      </Section>
      {stream === 'reconnecting' && desk ? <Alert variant="warning">最新の状況を受け取れていません。自動で再接続しています…</Alert> : null}
      {desk && view ? (
        <Section title={`${desk.name}の対応`}>
          {mine?.current ? (
            <CurrentVisit key={mine.current.visitId} entry={mine.current} config={c} onChanged={refresh} onDone={setMessage} />
          ) : (
            <div className="flex flex-col gap-3">
              {message ? <Alert variant="success">{message}</Alert> : null}
              <Button onClick={() => callNext.mutate()} busy={callNext.isPending} busyLabel="呼んでいます…" className="min-h-16 max-w-md text-std-20B-150">
                次の方を呼ぶ
              </Button>
              {callNext.isSuccess && callNext.data === null ? <Alert variant="info">お待ちの方はいません。</Alert> : null}
            </div>
          )}
          {callNext.isError ? <ErrorAlert error={callNext.error} className="mt-3" /> : null}
          {callOne.isError ? <ErrorAlert error={callOne.error} className="mt-3" /> : null}
        </Section>
      ) : null}
      {desk && queue.isPending ? <Loading label="順番待ちを読み込んでいます…" /> : null}
      {queue.isError ? <ErrorAlert error={queue.error} /> : null}
      {view ? (
        <Section title={`順番待ち（${waiting.length}人）`}>
          <ul className="mb-4 flex flex-wrap gap-3">
            {view.services.map((s) => (
              <li key={s.id} className="rounded-8 border border-solid-gray-300 px-3 py-2 text-std-16N-170">
                {s.ticketPrefix} {s.name}: {s.waiting}人・{waitText(s.estimateMinutes)}
              </li>
            ))}
          </ul>
          {waiting.length === 0 ? (
            <p>お待ちの方はいません。</p>
          ) : (
            <table className="w-full border-collapse text-left text-std-16N-170">
              <caption className="sr-only">順番待ちの一覧（呼ぶ順）</caption>
              <thead>
                <tr className="border-b-2 border-solid-gray-600">
                  <th scope="col" className="py-2 pr-3">番号</th>
                  <th scope="col" className="py-2 pr-3">用件</th>
                  <th scope="col" className="py-2 pr-3">待ち</th>
                  <th scope="col" className="py-2 pr-3">状況</th>
                  <th scope="col" className="py-2"><span className="sr-only">操作</span></th>
                </tr>
              </thead>
              <tbody>
                {waiting.map((e) => (
                  <tr key={e.visitId} className="border-b border-solid-gray-200">
                    <th scope="row" className="py-2 pr-3 text-std-20B-150 tabular-nums">
                      {e.displayNumber}
                    </th>
                    <td className="py-2 pr-3">
                      {e.serviceName}
                      <span className="ml-2 inline-flex gap-1">
                        {e.reservation ? <Badge tone="notice">予約</Badge> : null}
                        {e.needsAssistance ? <Badge tone="notice">介助</Badge> : null}
                      </span>
                    </td>
                    <td className="py-2 pr-3 tabular-nums">{e.waitedMinutes ?? 0}分</td>
                    <td className="py-2 pr-3">{queueColumns(e)}</td>
                    <td className="py-2 text-right">
                      {desk && !mine?.current && desk.serviceIds.includes(e.serviceId) && e.state === 'waiting' ? (
                        <Button size="sm" variant="secondary" onClick={() => callOne.mutate(e.visitId)} aria-label={`${e.displayNumber}を呼ぶ`}>
                          呼ぶ
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {atDesks.length > 0 ? (
            <p className="mt-4 text-std-16N-170">
              対応中: {atDesks.map((e) => `${e.displayNumber}（${e.deskName ?? ''}）`).join('、')}
            </p>
          ) : null}
        </Section>
      ) : null}
      {locationId ? (
        <Section title="整理券の発行・予約の受付">
          <IssueForResident locationId={locationId} config={c} />
        </Section>
      ) : null}
    </div>
  );
}
