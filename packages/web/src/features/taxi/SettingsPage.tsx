import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { SelectField } from '../../components/SelectField';
import { Table } from '../../components/Table';
import { TextField } from '../../components/TextField';
import { devicesApi, type DeviceSummary } from '../devices/devicesApi';
import { TaxiNav, taxiKeys, useProgramme } from './common';
import { DriversSection } from './DriversSection';
import { dateTimeLabel, settingsApi, taxiApi, type Operator, type Programme, type Rules } from './taxiApi';

/** 設定 (administrators): the programme's rules (a new version each time), its budget, and the operators. */
export function TaxiSettingsPage() {
  usePageTitle('電子タクシー券 設定');
  const { programme, isPending, error } = useProgramme();
  if (isPending) return <Loading />;
  if (error) return <ErrorAlert error={error} />;
  if (!programme) return <EmptyState title="電子タクシー券の事業がありません" />;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="設定" description={`${programme.name}（${programme.fiscalYearLabel}）のルール・予算と、参加するタクシー事業者`} />
      <TaxiNav />
      {programme.rules ? <RulesForm programme={programme} rules={programme.rules.rules} version={programme.rules.version} /> : null}
      <Operators programme={programme} />
      <NextYear programme={programme} />
    </div>
  );
}

const num = (s: string) => Number(s.normalize('NFKC').replace(/[,円回%\s]/g, ''));

function RulesForm({ programme, rules, version }: { programme: Programme; rules: Rules; version: number }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState(rules.subsidy.kind);
  const [percent, setPercent] = useState(String(rules.subsidy.kind === 'rate' ? rules.subsidy.percent : 50));
  const [maxYen, setMaxYen] = useState(String(rules.subsidy.kind === 'rate' ? rules.subsidy.maxYen : 1000));
  const [amountYen, setAmountYen] = useState(String(rules.subsidy.kind === 'fixed' ? rules.subsidy.amountYen : 500));
  const [perDay, setPerDay] = useState(String(rules.caps.perDay));
  const [perMonth, setPerMonth] = useState(rules.caps.perMonth === null ? '' : String(rules.caps.perMonth));
  const [perYear, setPerYear] = useState(String(rules.caps.perYear));
  const [budget, setBudget] = useState(String(programme.budgetYen));
  const [note, setNote] = useState('');
  const publish = useMutation({
    mutationFn: async () => {
      const next: Rules = {
        ...rules,
        subsidy: kind === 'rate' ? { kind: 'rate', percent: num(percent), maxYen: num(maxYen) } : { kind: 'fixed', amountYen: num(amountYen) },
        caps: { perDay: num(perDay), perMonth: perMonth.trim() === '' ? null : num(perMonth), perYear: num(perYear) },
      };
      if (num(budget) !== programme.budgetYen) {
        await settingsApi.updateProgramme(programme.id, { name: programme.name, budgetYen: num(budget), status: programme.status, departmentId: programme.departmentId, operatorIds: programme.operators.map((o) => o.id) });
      }
      return settingsApi.publishRules(programme.id, { rules: next, note, effectiveFrom: null, baseVersion: version });
    },
    onSuccess: async () => { setNote(''); await queryClient.invalidateQueries({ queryKey: ['taxi'] }); },
  });
  return (
    <Section title={`ルールの改定（現在 第${version}版）`}>
      <form className="flex flex-col gap-4" onSubmit={(e) => { e.preventDefault(); publish.mutate(); }}>
        <p className="text-std-16N-170">改定すると新しい版になり、これからの乗車に使われます。これまでの乗車は、そのときの版のまま記録されています。</p>
        <SelectField label="助成の方式" value={kind} onChange={(e) => setKind(e.target.value as 'rate' | 'fixed')} options={[{ value: 'rate', label: '運賃の割合（上限あり）' }, { value: 'fixed', label: '1回あたり定額' }]} className="max-w-96" />
        <div className="flex flex-wrap gap-4">
          {kind === 'rate' ? (
            <>
              <TextField label="割合（%）" value={percent} onChange={(e) => setPercent(e.target.value)} inputMode="numeric" required />
              <TextField label="1回の上限（円）" value={maxYen} onChange={(e) => setMaxYen(e.target.value)} inputMode="numeric" required />
            </>
          ) : <TextField label="1回の助成額（円）" value={amountYen} onChange={(e) => setAmountYen(e.target.value)} inputMode="numeric" required />}
        </div>
        <div className="flex flex-wrap gap-4">
          <TextField label="1日の回数" value={perDay} onChange={(e) => setPerDay(e.target.value)} inputMode="numeric" required />
          <TextField label="1か月の回数" hint="制限しないときは空欄" value={perMonth} onChange={(e) => setPerMonth(e.target.value)} inputMode="numeric" />
          <TextField label="年度の回数" value={perYear} onChange={(e) => setPerYear(e.target.value)} inputMode="numeric" required />
          <TextField label="予算（円）" value={budget} onChange={(e) => setBudget(e.target.value)} inputMode="numeric" required />
        </div>
        <TextField label="改定の内容" hint="例：令和8年10月から1回の上限を800円に変更（要綱改正）" value={note} onChange={(e) => setNote(e.target.value)} required />
        <div><Button type="submit" busy={publish.isPending} busyLabel="改定しています…">この内容で改定する</Button></div>
        {publish.error ? <ErrorAlert error={publish.error} /> : null}
        {publish.isSuccess ? <Alert variant="success" focusOnMount>ルールを改定しました。</Alert> : null}
      </form>
    </Section>
  );
}

function Operators({ programme }: { programme: Programme }) {
  const queryClient = useQueryClient();
  const operators = useQuery({ queryKey: ['taxi', 'operators'], queryFn: settingsApi.operators });
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const create = useMutation({
    mutationFn: async () => {
      const operator = await settingsApi.createOperator({ code, name, address });
      await settingsApi.updateProgramme(programme.id, { name: programme.name, budgetYen: programme.budgetYen, status: programme.status, departmentId: programme.departmentId, operatorIds: [...programme.operators.map((o) => o.id), operator.id] });
    },
    onSuccess: async () => { setCode(''); setName(''); setAddress(''); await queryClient.invalidateQueries({ queryKey: ['taxi'] }); },
  });
  return (
    <Section title="タクシー事業者">
      <div className="flex flex-col gap-6">
        {operators.isPending ? <Loading /> : operators.error ? <ErrorAlert error={operators.error} /> : operators.data.map((o) => <OperatorCard key={o.id} operator={o} />)}
        <form className="flex flex-wrap items-end gap-4 rounded-8 border border-solid-gray-200 p-4" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
          <TextField label="事業者コード" hint="半角英数字（例：T04）" value={code} onChange={(e) => setCode(e.target.value)} required />
          <TextField label="事業者名" value={name} onChange={(e) => setName(e.target.value)} required />
          <TextField label="所在地" value={address} onChange={(e) => setAddress(e.target.value)} className="min-w-80" />
          <Button type="submit" variant="secondary" busy={create.isPending}>事業者を登録して参加させる</Button>
        </form>
        {create.error ? <ErrorAlert error={create.error} /> : null}
      </div>
    </Section>
  );
}

function OperatorCard({ operator: o }: { operator: Operator }) {
  const queryClient = useQueryClient();
  const [plate, setPlate] = useState('');
  const [terminal, setTerminal] = useState('');
  const [vehicleId, setVehicleId] = useState('');
  const [deviceId, setDeviceId] = useState('');
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const refresh = async () => { await queryClient.invalidateQueries({ queryKey: ['taxi', 'operators'] }); };
  const freeDevices = useFreeTaxiDevices();
  const vehicle = useMutation({ mutationFn: () => settingsApi.addVehicle(o.id, plate), onSuccess: async () => { setPlate(''); await refresh(); } });
  const addTerminal = useMutation({ mutationFn: () => settingsApi.addTerminal(o.id, { label: terminal, vehicleId: vehicleId || null, deviceId: deviceId.trim() || null }), onSuccess: async () => { setTerminal(''); setDeviceId(''); await refresh(); } });
  const account = useMutation({ mutationFn: () => settingsApi.addAccount(o.id, { loginId, displayName: `${o.name} 事務所`, password }), onSuccess: async () => { setLoginId(''); setPassword(''); await refresh(); } });
  return (
    <div className="flex flex-col gap-3 rounded-8 border border-solid-gray-200 p-4">
      <h3 className="text-std-20B-150">{o.name}（{o.code}）</h3>
      <p className="text-std-16N-170 text-solid-gray-700">車両 {o.vehicles.length}台　事務所のログイン：{o.staff.map((s) => s.loginId).join('、') || 'なし'}</p>
      {o.terminals.length > 0 ? (
        <Table caption={`${o.name}の車載端末`} dense rows={o.terminals} rowKey={(t) => t.id} columns={[
          { header: '端末', cell: (t) => t.label },
          { header: '車両', cell: (t) => o.vehicles.find((v) => v.id === t.vehicleId)?.registrationNumber ?? '—' },
          { header: '端末（端末の管理）', cell: (t) => <TerminalDevice operator={o} terminal={t} /> },
          { header: '最後の同期', cell: (t) => (t.lastSyncAt ? dateTimeLabel(t.lastSyncAt) : 'なし') },
        ]} />
      ) : null}
      <details>
        <summary className="cursor-pointer text-std-16B-170 text-key-900">乗務員の登録・停止・暗証番号の変更</summary>
        <div className="mt-3"><DriversSection operatorId={o.id} operatorName={o.name} headingLevel="inline" /></div>
      </details>
      <details>
        <summary className="cursor-pointer text-std-16B-170 text-key-900">車両・端末・ログインを追加する</summary>
        <div className="mt-3 flex flex-col gap-4">
          <form className="flex flex-wrap items-end gap-3" onSubmit={(e) => { e.preventDefault(); vehicle.mutate(); }}>
            <TextField label="車両のナンバー" hint="例：山形 500 あ 12-34" value={plate} onChange={(e) => setPlate(e.target.value)} required />
            <Button type="submit" size="sm" variant="secondary" busy={vehicle.isPending}>車両を登録</Button>
          </form>
          <form className="flex flex-wrap items-end gap-3" onSubmit={(e) => { e.preventDefault(); addTerminal.mutate(); }}>
            <TextField label="端末の名前" hint="例：3号車" value={terminal} onChange={(e) => setTerminal(e.target.value)} required />
            <SelectField label="車両" value={vehicleId} onChange={(e) => setVehicleId(e.target.value)} options={[{ value: '', label: '（なし）' }, ...o.vehicles.map((v) => ({ value: v.id, label: v.registrationNumber }))]} />
            <SelectField label="端末（端末の管理で追加したタクシー用）" value={deviceId} onChange={(e) => setDeviceId(e.target.value)} options={[{ value: '', label: '（あとで結び付ける）' }, ...freeDevices.map((d) => ({ value: d.id, label: deviceLabel(d) }))]} />
            <Button type="submit" size="sm" variant="secondary" busy={addTerminal.isPending}>端末を登録</Button>
          </form>
          <form className="flex flex-wrap items-end gap-3" onSubmit={(e) => { e.preventDefault(); account.mutate(); }}>
            <TextField label="事務所のログインID" value={loginId} onChange={(e) => setLoginId(e.target.value)} required autoComplete="off" />
            <TextField label="初期パスワード（12文字以上）" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="new-password" />
            <Button type="submit" size="sm" variant="secondary" busy={account.isPending}>ログインを作る</Button>
          </form>
          {[vehicle.error, addTerminal.error, account.error].filter(Boolean).map((err, i) => <ErrorAlert key={i} error={err} />)}
        </div>
      </details>
    </div>
  );
}

const deviceLabel = (d: DeviceSummary) => `${d.label}（${d.status === 'active' ? '登録済み' : '登録コード発行済み'}）`;

/** Taxi devices from 端末の管理 that are not revoked and not yet any terminal's. */
function useFreeTaxiDevices(): DeviceSummary[] {
  const devices = useQuery({ queryKey: ['admin', 'devices'], queryFn: devicesApi.list });
  const operators = useQuery({ queryKey: ['taxi', 'operators'], queryFn: settingsApi.operators });
  const used = new Set((operators.data ?? []).flatMap((o) => o.terminals.map((t) => t.deviceId)).filter(Boolean));
  return (devices.data?.devices ?? []).filter((d) => d.kind === 'taxi' && d.status !== 'revoked' && !used.has(d.id));
}

/** The device a terminal runs on: shown by name, linked or changed from the free taxi devices, or unlinked. */
function TerminalDevice({ operator, terminal }: { operator: Operator; terminal: Operator['terminals'][number] }) {
  const queryClient = useQueryClient();
  const devices = useQuery({ queryKey: ['admin', 'devices'], queryFn: devicesApi.list });
  const free = useFreeTaxiDevices();
  const [choice, setChoice] = useState('');
  const link = useMutation({
    mutationFn: (deviceId: string | null) => settingsApi.linkDevice(operator.id, terminal.id, deviceId),
    onSuccess: async () => { setChoice(''); await queryClient.invalidateQueries({ queryKey: ['taxi', 'operators'] }); },
  });
  const current = terminal.deviceId ? devices.data?.devices.find((d) => d.id === terminal.deviceId) : null;
  return (
    <div className="flex flex-col gap-2">
      {terminal.deviceId ? (
        <div className="flex flex-wrap items-center gap-3">
          <span className="text-std-16B-170">{current ? current.label : '結び付け済み'}</span>
          <Button size="sm" variant="tertiary" busy={link.isPending} onClick={() => link.mutate(null)}>結び付けを外す</Button>
        </div>
      ) : (
        <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => { e.preventDefault(); if (choice) link.mutate(choice); }}>
          <SelectField label={`${terminal.label}の端末`} value={choice} onChange={(e) => setChoice(e.target.value)}
            options={[{ value: '', label: free.length === 0 ? '（空いているタクシー用の端末がありません）' : '選んでください' }, ...free.map((d) => ({ value: d.id, label: deviceLabel(d) }))]} />
          <Button type="submit" size="sm" variant="secondary" disabled={!choice} busy={link.isPending}>結び付ける</Button>
        </form>
      )}
      {link.error ? <ErrorAlert error={link.error} /> : null}
    </div>
  );
}

const reiwaYear = (fiscalYear: number) => (fiscalYear - 2018 === 1 ? '令和元年度' : `令和${fiscalYear - 2018}年度`);

/**
 * 翌年度の事業: a draft programme for the next fiscal year with this year's rules (as in force now),
 * budget and operators. It becomes the one in use when its status is set to 実施中 at the new year.
 */
function NextYear({ programme }: { programme: Programme }) {
  const queryClient = useQueryClient();
  const programmes = useQuery({ queryKey: taxiKeys.programmes, queryFn: taxiApi.programmes });
  const nextYear = programme.fiscalYear + 1;
  const [name, setName] = useState(programme.name);
  const [budget, setBudget] = useState(String(programme.budgetYen));
  const existing = programmes.data?.filter((p) => p.fiscalYear === nextYear) ?? [];
  const create = useMutation({
    mutationFn: () => {
      if (!programme.rules) throw new Error('ルールがありません');
      return settingsApi.createProgramme({
        fiscalYear: nextYear, name: name.trim(), budgetYen: num(budget), departmentId: programme.departmentId, status: 'draft',
        rules: programme.rules.rules, operatorIds: programme.operators.map((o) => o.id),
      });
    },
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ['taxi'] }); },
  });
  const activate = useMutation({
    mutationFn: (p: Programme) => settingsApi.updateProgramme(p.id, { name: p.name, budgetYen: p.budgetYen, status: 'active', departmentId: p.departmentId, operatorIds: p.operators.map((o) => o.id) }),
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ['taxi'] }); },
  });
  return (
    <Section title={`翌年度（${reiwaYear(nextYear)}）の事業`}>
      <div className="flex flex-col gap-4">
        {existing.length > 0 ? (
          <Alert variant="info">
            {reiwaYear(nextYear)}の事業はすでにあります：{existing.map((p) => `${p.name}（${p.status === 'draft' ? '準備中' : p.status === 'active' ? '実施中' : '終了'}）`).join('、')}
          </Alert>
        ) : null}
        {existing.filter((p) => p.status === 'draft').map((p) => (
          <div key={p.id} className="flex flex-wrap items-center gap-3">
            <span className="text-std-16N-170">{p.name}（準備中）を、{nextYear}年4月1日から使う事業にします。</span>
            <Button size="sm" variant="secondary" busy={activate.isPending} onClick={() => activate.mutate(p)}>実施中にする</Button>
          </div>
        ))}
        {activate.error ? <ErrorAlert error={activate.error} /> : null}
        <p className="text-std-16N-170">
          今年度の現在のルール（第{programme.rules?.version ?? '—'}版：{programme.rules?.summary.subsidy}、{programme.rules?.summary.caps}）と参加事業者（{programme.operators.length}社）を引き継いで、{reiwaYear(nextYear)}（{nextYear}年4月1日〜{nextYear + 1}年3月31日）の事業を「準備中」で作ります。今年度の利用者・乗車には影響しません。
        </p>
        <form className="flex flex-col gap-4" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
          <div className="flex flex-wrap gap-4">
            <TextField label="事業の名前" value={name} onChange={(e) => setName(e.target.value)} required className="min-w-80" />
            <TextField label={`${reiwaYear(nextYear)}の予算（円）`} value={budget} onChange={(e) => setBudget(e.target.value)} inputMode="numeric" required />
          </div>
          <div><Button type="submit" busy={create.isPending} busyLabel="作成しています…">{reiwaYear(nextYear)}の事業を作る</Button></div>
          {create.error ? <ErrorAlert error={create.error} /> : null}
          {create.isSuccess ? <Alert variant="success" focusOnMount>{reiwaYear(nextYear)}の「{create.data.name}」を準備中で作りました。年度が替わったら状態を実施中にしてください。</Alert> : null}
        </form>
      </div>
    </Section>
  );
}
