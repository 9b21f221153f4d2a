import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { AdminErrorAlert } from '../../app/AdminErrorAlert';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { QrCode } from '../../components/QrCode';
import { Section } from '../../components/Section';
import { SelectField } from '../../components/SelectField';
import { Table, type Column } from '../../components/Table';
import { TextField } from '../../components/TextField';
import { formatDateTime } from '../../lib/format';
import { devicesApi, type DeviceAnomaly, type DeviceKind, type DeviceSummary, type Enrolment } from './devicesApi';
import { describeEvidence, formatSkew, STATUS_LABELS } from './devicesFormat';

const listKey = ['admin', 'devices'] as const;

const KIND_OPTIONS = [
  { value: 'vehicle', label: '移動市役所の端末（タブレット）' },
  { value: 'taxi', label: 'タクシー端末' },
];

const statusTone: Record<DeviceSummary['status'], BadgeTone> = { pending: 'notice', active: 'positive', revoked: 'negative' };

type Panel =
  | { kind: 'none' }
  | { kind: 'code'; label: string; enrolment: Enrolment; again: boolean }
  | { kind: 'revoke'; device: DeviceSummary }
  | { kind: 'accept'; anomaly: DeviceAnomaly };

function PanelCard({ title, children }: { title: string; children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), [title]);
  return (
    <div className="mb-6 flex flex-col gap-4 rounded-8 border-2 border-key-900 bg-key-50 p-5">
      <h2 ref={ref} tabIndex={-1} className="text-std-22B-150 text-solid-gray-900 outline-none">
        {title}
      </h2>
      {children}
    </div>
  );
}

/** The one-time code, large enough to type from across a desk, and as a QR code for the tablet's camera. */
function CodePanel({ label, enrolment, again, onClose }: { label: string; enrolment: Enrolment; again: boolean; onClose: () => void }) {
  return (
    <PanelCard title={`${label}の${again ? '再登録' : '登録'}コード`}>
      <div className="flex flex-wrap items-center gap-8">
        <div className="flex flex-col gap-3">
          <p className="text-std-16N-170">端末のアプリの「端末の登録」で、このコードを入力するか、QRコードを読み取ってください。コードは1回だけ使えます。</p>
          <p className="font-mono text-[3rem] leading-tight font-bold tracking-[0.2em] text-solid-gray-900" aria-label={`登録コード ${enrolment.code.split('').join(' ')}`}>
            {enrolment.code}
          </p>
          <p className="text-std-16B-170">有効期限: {formatDateTime(enrolment.expiresAt)}まで</p>
          {again ? <p className="text-std-16N-170">新しい鍵で登録されると、古い鍵で署名された記録は受け付けなくなります。</p> : null}
        </div>
        <QrCode value={enrolment.code} label={`${label}の登録コードのQRコード`} size={220} />
      </div>
      <div>
        <Button variant="secondary" onClick={onClose}>
          閉じる（コードは再表示できません）
        </Button>
      </div>
    </PanelCard>
  );
}

function RevokePanel({ device, onDone, onCancel }: { device: DeviceSummary; onDone: (message: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const revoke = useMutation({ mutationFn: () => devicesApi.revoke(device.id, reason.trim()), onSuccess: () => onDone(`${device.label}を利用停止にしました。`) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError('利用停止の理由を入力してください（例: 紛失、盗難、故障）。');
      return;
    }
    revoke.mutate();
  };
  return (
    <PanelCard title={`${device.label}を利用停止にしますか`}>
      <Alert variant="warning">
        <p>利用停止にすると、この端末からの送信はすべて受け付けなくなります。停止前に端末で作られ、まだ登録されていない記録も登録されず、「異常」として一覧に残ります（端末の中にも残ります）。元に戻すには再登録コードを発行してください。</p>
        {device.pendingOnDevice > 0 ? <p className="mt-2 text-std-16B-170">この端末には未登録の記録が少なくとも{device.pendingOnDevice}件あります。</p> : null}
      </Alert>
      {revoke.isError ? <AdminErrorAlert error={revoke.error} title="利用停止できませんでした" /> : null}
      <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
        <TextField label="理由" required value={reason} onChange={(e) => setReason(e.target.value)} error={error} maxLength={200} hint="例: 紛失、盗難、故障、廃棄" />
        <div className="flex flex-wrap gap-3">
          <Button type="submit" variant="danger" busy={revoke.isPending} busyLabel="停止しています…">
            利用停止にする
          </Button>
          <Button type="button" variant="secondary" onClick={onCancel}>
            やめる
          </Button>
        </div>
      </form>
    </PanelCard>
  );
}

/** Registering an event a revoked device sent: only after the admin has decided it is genuine. */
function AcceptPanel({ anomaly, onDone, onCancel }: { anomaly: DeviceAnomaly; onDone: (message: string) => void; onCancel: () => void }) {
  const accept = useMutation({
    mutationFn: () => devicesApi.acceptAnomaly(anomaly.id),
    onSuccess: (r) => onDone(`${anomaly.deviceLabel}の連番${r.result.seq}の記録を登録しました（${r.result.status === 'accepted' ? '受付済み' : '担当課で確認が必要'}）。`),
  });
  return (
    <PanelCard title={`${anomaly.deviceLabel}から利用停止後に届いた記録を登録しますか`}>
      <p className="text-std-16N-170">{describeEvidence(anomaly)}</p>
      <Alert variant="warning">
        <p>端末の紛失や盗難で利用停止した場合、この記録は第三者が作った可能性があります。端末を回収し、記録を作った職員に確認できた場合だけ登録してください。登録は連番の順に行い、端末は利用停止のままです。</p>
      </Alert>
      {accept.isError ? <AdminErrorAlert error={accept.error} title="登録できませんでした" /> : null}
      <div className="flex flex-wrap gap-3">
        <Button onClick={() => accept.mutate()} busy={accept.isPending} busyLabel="登録しています…">
          確認したので登録する
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          やめる
        </Button>
      </div>
    </PanelCard>
  );
}

function CreateForm({ onCreated }: { onCreated: (label: string, enrolment: Enrolment) => void }) {
  const [kind, setKind] = useState<DeviceKind>('vehicle');
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | undefined>();
  const create = useMutation({
    mutationFn: () => devicesApi.create({ kind, label: label.trim() }),
    onSuccess: (r) => {
      onCreated(label.trim(), r.enrolment);
      setLabel('');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!label.trim()) {
      setError('端末の名前を入力してください（例: 移動市役所1号車）。');
      return;
    }
    setError(undefined);
    create.mutate();
  };
  return (
    <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
      {create.isError ? <AdminErrorAlert error={create.error} title="端末を追加できませんでした" /> : null}
      <div className="grid gap-4 md:grid-cols-2">
        <SelectField label="種類" options={KIND_OPTIONS} value={kind} onChange={(e) => setKind(e.target.value as DeviceKind)} />
        <TextField label="端末の名前" required value={label} onChange={(e) => setLabel(e.target.value)} error={error} maxLength={60} hint="例: 移動市役所1号車、〇〇交通 3号車" />
      </div>
      <div>
        <Button type="submit" busy={create.isPending} busyLabel="発行しています…">
          追加して登録コードを発行
        </Button>
      </div>
    </form>
  );
}

export function DevicesPage() {
  usePageTitle('端末の管理');
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: listKey, queryFn: () => devicesApi.list(), refetchInterval: 30_000 });
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [message, setMessage] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: listKey });
  const reenrol = useMutation({
    mutationFn: (d: DeviceSummary) => devicesApi.reenrol(d.id).then((r) => ({ d, r })),
    onSuccess: ({ d, r }) => {
      setPanel({ kind: 'code', label: d.label, enrolment: r.enrolment, again: true });
      void refresh();
    },
  });
  const resolve = useMutation({ mutationFn: (a: DeviceAnomaly) => devicesApi.resolveAnomaly(a.id), onSuccess: () => { setMessage('確認済みにしました。'); void refresh(); } });

  const columns: Column<DeviceSummary>[] = [
    { header: '種類', cell: (d) => d.kindLabel, className: 'min-w-28' },
    { header: '名前', cell: (d) => <span className="text-std-16B-170">{d.label}</span> },
    {
      header: '状態',
      cell: (d) => (
        <div className="flex flex-col gap-1">
          <Badge tone={statusTone[d.status]}>{STATUS_LABELS[d.status]}</Badge>
          {d.status === 'revoked' && d.revokedReason ? <span className="text-std-16N-170">理由: {d.revokedReason}</span> : null}
          {d.enrolCodeExpiresAt ? <span className="text-std-16N-170">コード有効期限 {formatDateTime(d.enrolCodeExpiresAt)}</span> : null}
        </div>
      ),
    },
    { header: '最終同期', cell: (d) => (d.lastSyncAt ? formatDateTime(d.lastSyncAt) : '未同期') },
    { header: '登録済み', cell: (d) => `${d.storedEvents}件${d.conflicts > 0 ? `（要確認 ${d.conflicts}件）` : ''}${d.rejected > 0 ? `（受付不可 ${d.rejected}件）` : ''}` },
    { header: '端末に未登録', cell: (d) => (d.pendingOnDevice > 0 ? <span className="text-std-16B-170 text-red-900">{d.pendingOnDevice}件以上</span> : '0件') },
    { header: '異常', cell: (d) => (d.openAnomalies > 0 ? <Badge tone="negative">{d.openAnomalies}件</Badge> : 'なし') },
    { header: '時計', cell: (d) => formatSkew(d.clockSkewMs), className: 'whitespace-nowrap' },
    {
      header: '操作',
      cell: (d) => (
        <div className="flex flex-wrap gap-2">
          <Button size="sm" variant="secondary" onClick={() => reenrol.mutate(d)} aria-label={`${d.label}の再登録コードを発行`}>
            再登録コード
          </Button>
          {d.status !== 'revoked' ? (
            <Button size="sm" variant="danger" onClick={() => setPanel({ kind: 'revoke', device: d })} aria-label={`${d.label}を利用停止`}>
              利用停止
            </Button>
          ) : null}
        </div>
      ),
    },
  ];

  const anomalyColumns: Column<DeviceAnomaly>[] = [
    { header: '端末', cell: (a) => a.deviceLabel },
    { header: '異常', cell: (a) => <span className="text-std-16B-170">{a.label}</span> },
    { header: '証拠', cell: (a) => <span className="block max-w-[36rem] text-std-16N-170 break-all">{describeEvidence(a)}</span> },
    { header: '回数', cell: (a) => `${a.occurrences}回` },
    { header: '最終検知', cell: (a) => formatDateTime(a.lastSeenAt) },
    {
      header: '操作',
      cell: (a) => (
        <div className="flex flex-wrap gap-2">
          {a.kind === 'revoked_device' ? (
            <Button size="sm" variant="secondary" onClick={() => setPanel({ kind: 'accept', anomaly: a })} aria-label={`${a.deviceLabel}の記録を確認して登録`}>
              確認して登録
            </Button>
          ) : null}
          <Button size="sm" variant="secondary" onClick={() => resolve.mutate(a)} aria-label={`${a.deviceLabel}の「${a.label}」を確認済みにする`}>
            確認済みにする
          </Button>
        </div>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="端末の管理"
        description="移動市役所のタブレットとタクシー端末を登録し、最終同期・端末に残る未登録の記録・異常を確認します。端末の鍵は端末の中で作られ、市役所には公開鍵だけが保存されます。"
      />
      {message ? (
        <Alert variant="success" className="mb-6">
          {message}
        </Alert>
      ) : null}
      {reenrol.isError ? <AdminErrorAlert error={reenrol.error} title="再登録コードを発行できませんでした" /> : null}
      {resolve.isError ? <AdminErrorAlert error={resolve.error} title="確認済みにできませんでした" /> : null}
      {panel.kind === 'code' ? <CodePanel label={panel.label} enrolment={panel.enrolment} again={panel.again} onClose={() => setPanel({ kind: 'none' })} /> : null}
      {panel.kind === 'revoke' ? (
        <RevokePanel
          device={panel.device}
          onCancel={() => setPanel({ kind: 'none' })}
          onDone={(m) => {
            setPanel({ kind: 'none' });
            setMessage(m);
            void refresh();
          }}
        />
      ) : null}
      {panel.kind === 'accept' ? (
        <AcceptPanel
          anomaly={panel.anomaly}
          onCancel={() => setPanel({ kind: 'none' })}
          onDone={(m) => {
            setPanel({ kind: 'none' });
            setMessage(m);
            void refresh();
          }}
        />
      ) : null}
      <div className="flex flex-col gap-6">
        <Section title="端末を追加">
          <CreateForm
            onCreated={(label, enrolment) => {
              setMessage(null);
              setPanel({ kind: 'code', label, enrolment, again: false });
              void refresh();
            }}
          />
        </Section>
        <Section title="端末の一覧">
          {list.isPending ? <Loading /> : list.isError ? <AdminErrorAlert error={list.error} title="端末の一覧を表示できませんでした" /> : list.data.devices.length === 0 ? (
            <EmptyState title="登録された端末はまだありません">上の「端末を追加」から登録してください。</EmptyState>
          ) : (
            <Table caption="端末の一覧" captionHidden columns={columns} rows={list.data.devices} rowKey={(d) => d.id} dense />
          )}
        </Section>
        <Section title="同期の異常">
          {list.isPending ? <Loading /> : list.isError ? null : list.data.anomalies.length === 0 ? (
            <EmptyState title="確認が必要な異常はありません">記録の欠落・改ざん・利用停止した端末からの送信・時計のずれなどがあると、ここに証拠とともに表示されます。</EmptyState>
          ) : (
            <Table caption="同期の異常" captionHidden columns={anomalyColumns} rows={list.data.anomalies} rowKey={(a) => a.id} dense />
          )}
        </Section>
      </div>
    </>
  );
}
