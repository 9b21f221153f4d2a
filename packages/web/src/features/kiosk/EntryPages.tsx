import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useApi } from '../../api/ApiProvider';
import type { EntryView } from '../../api/counter';
import { usePageTitle } from '../../app/usePageTitle';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { ResidentEntry } from './ResidentEntry';

const formatCode = (code: string) => code.match(/.{1,4}/g)?.join('-') ?? code;

function ResidentLayout({ title, municipality, large, children }: { title: string; municipality: string | undefined; large: boolean; children: ReactNode }) {
  return (
    <div className="min-h-screen bg-solid-gray-50">
      <header className="border-b border-solid-gray-200 bg-white">
        <div className="mx-auto flex max-w-4xl flex-wrap items-baseline gap-3 px-4 py-4">
          <span className={large ? 'text-std-28B-150' : 'text-std-22B-150'}>{municipality ?? ''}</span>
          <span className={large ? 'text-std-24N-150' : 'text-std-18N-160'}>{title}</span>
        </div>
      </header>
      <main className="mx-auto max-w-4xl px-4 py-8">{children}</main>
    </div>
  );
}

function useMunicipality(lgc: string) {
  const api = useApi();
  return useQuery({ queryKey: ['entry-municipality', lgc], queryFn: () => api.entries(lgc).municipality(), staleTime: Infinity, retry: false });
}

/**
 * 記載台: a tablet at city hall where residents fill the move themselves, in large type. Each
 * person starts fresh; the screen clears itself after they finish.
 */
export function KioskPage() {
  usePageTitle('記載台（引っ越しの届出）');
  const { code: lgc } = useParams({ strict: false }) as { code: string };
  const api = useApi();
  const municipality = useMunicipality(lgc);
  const [entry, setEntry] = useState<{ code: string; displayCode: string; entry: EntryView } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      setEntry(await api.entries(lgc).create('kiosk'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <ResidentLayout title="記載台・引っ越しの届出" municipality={municipality.data?.name} large>
      {municipality.isError ? <ErrorAlert error={municipality.error} /> : null}
      {entry ? (
        <ResidentEntry key={entry.code} lgc={lgc} code={entry.code} displayCode={entry.displayCode} initial={entry.entry} kiosk municipalityName={municipality.data?.name ?? ''}
          entryUrl={`${window.location.origin}/pre-entry/${lgc}/${entry.code}`} onFinish={() => setEntry(null)} />
      ) : (
        <div className="flex flex-col items-center gap-8 py-10 text-center">
          <h1 className="text-std-45B-140">引っ越しの届出を、この画面で記入できます</h1>
          <p className="text-std-24N-150">紙に書く必要はありません。終わったら受付番号が出ますので、窓口でお待ちください。</p>
          <Button className="min-h-24 px-16 text-std-32B-150" busy={busy} busyLabel="準備しています…" onClick={() => void start()}>はじめる</Button>
          {error ? <ErrorAlert error={error} /> : null}
        </div>
      )}
    </ResidentLayout>
  );
}

/** 事前申請: a resident starts at home; the page address then holds their code so they can come back. */
export function PreEntryStartPage() {
  usePageTitle('引っ越しの事前申請');
  const { code: lgc } = useParams({ strict: false }) as { code: string };
  const api = useApi();
  const navigate = useNavigate();
  const municipality = useMunicipality(lgc);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    try {
      const created = await api.entries(lgc).create('home');
      await navigate({ to: '/pre-entry/$code/$entryCode', params: { code: lgc, entryCode: created.code } });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <ResidentLayout title="引っ越しの事前申請" municipality={municipality.data?.name} large={false}>
      <div className="flex flex-col gap-6">
        <h1 className="text-std-32B-150">市役所に来る前に、スマートフォンで記入できます</h1>
        <ul className="list-disc pl-6 text-std-18N-160">
          <li>引っ越しの日、住所、引っ越す家族を入力すると、必要な手続きがわかります。</li>
          <li>最後に出るQRコードを窓口で見せると、記入した内容から手続きを始めます。書き直す必要はありません。</li>
          <li>マイナンバー（個人番号）は入力しません。</li>
        </ul>
        <Button className="min-h-16 self-start px-10 text-std-20B-150" busy={busy} busyLabel="準備しています…" onClick={() => void start()}>記入をはじめる</Button>
        {error ? <ErrorAlert error={error} /> : null}
      </div>
    </ResidentLayout>
  );
}

export function PreEntryPage() {
  usePageTitle('引っ越しの事前申請');
  const { code: lgc, entryCode } = useParams({ strict: false }) as { code: string; entryCode: string };
  const api = useApi();
  const municipality = useMunicipality(lgc);
  const entry = useQuery({ queryKey: ['entry', lgc, entryCode], queryFn: () => api.entries(lgc).get(entryCode), staleTime: Infinity, refetchOnWindowFocus: false, gcTime: 0 });
  return (
    <ResidentLayout title="引っ越しの事前申請" municipality={municipality.data?.name} large={false}>
      {entry.isPending ? <Loading /> : entry.isError ? <ErrorAlert error={entry.error} title="入力内容を開けませんでした" /> : (
        <ResidentEntry lgc={lgc} code={entryCode} displayCode={formatCode(entryCode)} initial={entry.data} kiosk={false} municipalityName={municipality.data?.name ?? ''}
          entryUrl={`${window.location.origin}/pre-entry/${lgc}/${entryCode}`} />
      )}
    </ResidentLayout>
  );
}
