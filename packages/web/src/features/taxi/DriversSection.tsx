import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { usePageTitle } from '../../app/usePageTitle';
import { PageHeader } from '../../components/PageHeader';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Section } from '../../components/Section';
import { TextField } from '../../components/TextField';
import { driversApi, operatorApi, type Driver } from './taxiApi';
import { taxiKeys } from './common';

/** 乗務員の管理 of the operator's office (/taxi/operator/drivers): its own drivers only. */
export function OperatorDriversPage() {
  usePageTitle('乗務員の管理');
  const me = useQuery({ queryKey: taxiKeys.operator, queryFn: operatorApi.me });
  if (me.isPending) return <Loading />;
  if (me.error) return <ErrorAlert error={me.error} />;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title={`${me.data.name}　乗務員の管理`}
        description="乗務員の登録、利用の停止・再開、暗証番号の変更ができます。"
        back={<Link to="/taxi/operator" className="text-key-900 underline">← 事業者の画面へ</Link>}
      />
      <DriversSection operatorId={me.data.id} operatorName={me.data.name} />
    </div>
  );
}

const driverKeys = (operatorId: string) => ['taxi', 'drivers', operatorId] as const;
const digits = (s: string) => s.normalize('NFKC').replace(/\s/g, '');
const PIN_ERROR = '暗証番号は数字4桁で入力してください。';
const pinError = (pin: string) => (/^[0-9]{4}$/.test(digits(pin)) ? null : PIN_ERROR);
const codeError = (code: string) => (/^[0-9]{3,8}$/.test(digits(code)) ? null : '乗務員番号は数字3〜8桁で入力してください。');

/**
 * 乗務員 (drivers) of one operator: add, stop and restart, and set a new PIN when a driver forgot it.
 * Used by the operator's office (its own drivers) and by the city's administrators (設定).
 * A stopped driver can no longer sign in once the terminal has fetched its next list.
 */
export function DriversSection({ operatorId, operatorName, headingLevel = 'section' }: { operatorId: string; operatorName: string; headingLevel?: 'section' | 'inline' }) {
  const drivers = useQuery({ queryKey: driverKeys(operatorId), queryFn: () => driversApi.list(operatorId) });
  const body = (
    <div className="flex flex-col gap-5">
      <p className="text-std-16N-170">
        乗務員は、車載端末で乗務員番号と4桁の暗証番号を入れて乗務を始めます。利用を止めた乗務員は、端末が次に名簿を受け取ったときから乗務を始められなくなります。
      </p>
      {drivers.isPending ? <Loading /> : drivers.error ? <ErrorAlert error={drivers.error} /> : drivers.data.length === 0 ? (
        <p className="text-std-17N-170">まだ乗務員が登録されていません。下の欄から登録してください。</p>
      ) : (
        <ul className="flex flex-col gap-3" aria-label={`${operatorName}の乗務員`}>
          {drivers.data.map((d) => <DriverRow key={d.id} operatorId={operatorId} driver={d} />)}
        </ul>
      )}
      <AddDriver operatorId={operatorId} />
    </div>
  );
  if (headingLevel === 'inline') {
    return (
      <div className="flex flex-col gap-3">
        <h4 className="text-std-18B-160">乗務員</h4>
        {body}
      </div>
    );
  }
  return <Section title="乗務員">{body}</Section>;
}

function DriverRow({ operatorId, driver }: { operatorId: string; driver: Driver }) {
  const queryClient = useQueryClient();
  const [resetting, setResetting] = useState(false);
  const [pin, setPin] = useState('');
  const [pinProblem, setPinProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: driverKeys(operatorId) });
  const toggle = useMutation({
    mutationFn: () => driversApi.update(operatorId, driver.id, { active: !driver.active }),
    onSuccess: async (d) => { setDone(d.active ? `${d.name}さんの利用を再開しました。` : `${d.name}さんの利用を止めました。`); await refresh(); },
  });
  const reset = useMutation({
    mutationFn: () => driversApi.update(operatorId, driver.id, { pin: digits(pin) }),
    onSuccess: async (d) => { setPin(''); setResetting(false); setDone(`${d.name}さんの暗証番号を変えました。端末が次に名簿を受け取ると使えます。`); await refresh(); },
  });
  return (
    <li className="flex flex-col gap-3 rounded-8 border border-solid-gray-300 p-4" data-testid={`driver-${driver.code}`}>
      <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
        <span className="text-std-20B-150">{driver.name}</span>
        <span className="text-std-17N-170">乗務員番号 <span className="font-bold">{driver.code}</span></span>
        <span className={`rounded-8 px-3 py-1 text-std-16B-170 ${driver.active ? 'bg-green-100 text-green-1000' : 'bg-solid-gray-100 text-solid-gray-800'}`}>
          {driver.active ? '利用中' : '利用停止中'}
        </span>
        <div className="ml-auto flex flex-wrap gap-3">
          <Button size="sm" variant={driver.active ? 'danger' : 'secondary'} busy={toggle.isPending} onClick={() => { setDone(null); toggle.mutate(); }}>
            {driver.active ? '利用を止める' : '利用を再開する'}
          </Button>
          <Button size="sm" variant="secondary" aria-expanded={resetting} onClick={() => { setDone(null); setResetting((v) => !v); }}>
            暗証番号を変える
          </Button>
        </div>
      </div>
      {resetting ? (
        <form className="flex flex-wrap items-end gap-3" noValidate onSubmit={(e) => { e.preventDefault(); setPinProblem(pinError(pin)); if (!pinError(pin)) reset.mutate(); }}>
          <TextField label={`${driver.name}さんの新しい暗証番号（数字4桁）`} value={pin} onChange={(e) => setPin(e.target.value)} inputMode="numeric" autoComplete="off" maxLength={4} required error={pinProblem ?? undefined} />
          <Button type="submit" size="sm" busy={reset.isPending}>この番号にする</Button>
        </form>
      ) : null}
      {toggle.error ? <ErrorAlert error={toggle.error} /> : null}
      {reset.error ? <ErrorAlert error={reset.error} /> : null}
      {done ? <Alert variant="success">{done}</Alert> : null}
    </li>
  );
}

function AddDriver({ operatorId }: { operatorId: string }) {
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [problems, setProblems] = useState<{ code: string | null; pin: string | null }>({ code: null, pin: null });
  const create = useMutation({
    mutationFn: () => driversApi.create(operatorId, { code: digits(code), name: name.trim(), pin: digits(pin) }),
    onSuccess: async () => { setCode(''); setName(''); setPin(''); await queryClient.invalidateQueries({ queryKey: driverKeys(operatorId) }); },
  });
  const submit = () => {
    const found = { code: codeError(code), pin: pinError(pin) };
    setProblems(found);
    if (!found.code && !found.pin) create.mutate();
  };
  return (
    <form className="flex flex-col gap-3 rounded-8 border border-dashed border-solid-gray-400 p-4" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <h5 className="text-std-18B-160">乗務員を登録する</h5>
      <div className="flex flex-wrap items-end gap-4">
        <TextField label="乗務員番号" hint="数字3〜8桁" value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" autoComplete="off" required error={problems.code ?? undefined} />
        <TextField label="氏名" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" required />
        <TextField label="暗証番号" hint="数字4桁。本人に伝えてください" value={pin} onChange={(e) => setPin(e.target.value)} inputMode="numeric" autoComplete="off" maxLength={4} required error={problems.pin ?? undefined} />
        <Button type="submit" busy={create.isPending} busyLabel="登録しています…">登録する</Button>
      </div>
      {create.error ? <ErrorAlert error={create.error} /> : null}
      {create.isSuccess ? <Alert variant="success">{create.data.name}さんを登録しました。</Alert> : null}
    </form>
  );
}
