import { useCallback, useRef, useState } from 'react';
import { useApi } from '../../../api/ApiProvider';
import { ApiError } from '../../../api/errors';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import { FormViewer } from '../FormViewer';
import { SignaturePad, type SignaturePadHandle } from '../SignaturePad';
import { useInterview } from './InterviewStep';
import type { StepProps } from '../VisitPage';

function CompletionError({ error, onFix }: { error: unknown; onFix: () => void }) {
  if (error instanceof ApiError && error.code === 'VISIT_INCOMPLETE' && error.details.length > 0) {
    return (
      <Alert variant="error" title="完了できませんでした（まだ何も登録していません）" focusOnMount>
        <p>{error.message}</p>
        <ul className="mt-2 list-disc pl-5">{error.details.map((d) => <li key={`${d.path}-${d.message}`}>{d.message}</li>)}</ul>
        <Button variant="secondary" className="mt-3" onClick={onFix}>聞き取りに戻って直す</Button>
      </Alert>
    );
  }
  return <ErrorAlert error={error} title="完了できませんでした（まだ何も登録していません）" focusOnMount />;
}

/** 署名: the resident signs once on the tablet (the signature goes into every form), or on paper. */
export function SignStep({ draft, goTo }: StepProps) {
  const api = useApi();
  const { state, visit } = draft;
  const pad = useRef<SignaturePadHandle>(null);
  const [hasInk, setHasInk] = useState(false);
  const [busy, setBusy] = useState<'sign' | 'complete' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [paperChecked, setPaperChecked] = useState(false);
  const query = useInterview(visit.id, state, async () => api.counter.interview((await draft.flush()).id));
  const onInk = useCallback((ink: boolean) => setHasInk(ink), []);

  const sign = async (dataUrl: string | null) => {
    setBusy('sign');
    setError(null);
    try {
      const current = await draft.flush();
      draft.replace(await api.counter.sign(current.id, current.revision, dataUrl));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const complete = async () => {
    setBusy('complete');
    setError(null);
    try {
      const current = await draft.flush();
      draft.replace(await api.counter.complete(current.id, current.revision));
      window.scrollTo({ top: 0 });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  if (query.isPending) return <Loading label="届出書を準備しています…" />;
  if (query.isError) return <ErrorAlert error={query.error} title="届出書を準備できませんでした" />;
  const { interview, forms } = query.data;
  const formList = interview.procedures.filter((p) => forms.includes(p.procedureId)).map((p) => ({ procedureId: p.procedureId, title: p.definition.title }));
  const ready = visit.signed || state.paperSignature;
  return (
    <div className="flex flex-col gap-6">
      {!ready ? (
        <section aria-labelledby="sign-heading" className="flex flex-col gap-4 rounded-12 border border-solid-gray-200 bg-white p-6">
          <h2 id="sign-heading" className="text-std-24B-150">署名</h2>
          <p className="text-std-18N-160">{`届出人ご本人に、下の枠へ指かタッチペンで氏名を書いていただきます。この署名が${formList.length}枚の届出書すべてに入ります。`}</p>
          <SignaturePad ref={pad} onChange={onInk} label="署名欄（指かペンで書く）" />
          <div className="flex flex-wrap gap-3">
            <Button className="min-h-14 px-8 text-std-18B-160" disabled={!hasInk} busy={busy === 'sign'} busyLabel="署名を保存しています…" onClick={() => void sign(pad.current?.toDataUrl() ?? null)}>
              署名を確定する
            </Button>
          </div>
          <details className="rounded-8 border border-solid-gray-200 p-4">
            <summary className="flex min-h-12 cursor-pointer items-center text-std-16B-170 text-key-900 underline">タブレットに署名できないとき（印刷して紙に署名）</summary>
            <div className="mt-3 flex flex-col gap-3">
              <p className="text-std-16N-170">届出書を印刷し、ご本人に署名していただいてから、原本を保管してください。</p>
              <ul className="flex flex-col gap-2">
                {formList.map((f) => <li key={f.procedureId}><a className="text-std-16N-170 text-key-900 underline" href={api.counter.formPdfUrl(visit.id, f.procedureId, String(visit.revision))} target="_blank" rel="noreferrer">{`${f.title}を印刷する`}</a></li>)}
              </ul>
              <label className="flex min-h-14 items-center gap-3 rounded-8 border border-solid-gray-300 px-4 text-std-17N-170">
                <input type="checkbox" className="size-6 accent-key-900" checked={paperChecked} onChange={(e) => setPaperChecked(e.target.checked)} />
                印刷した届出書に署名をもらいました
              </label>
              <Button variant="secondary" className="self-start" disabled={!paperChecked} onClick={() => draft.update((s) => ({ ...s, paperSignature: true }))}>紙の署名で進める</Button>
            </div>
          </details>
        </section>
      ) : (
        <section aria-labelledby="signed-heading" className="flex flex-col gap-4 rounded-12 border border-solid-gray-200 bg-white p-6">
          <h2 id="signed-heading" className="text-std-24B-150">{visit.signed ? '署名済みの届出書' : '紙に署名済み'}</h2>
          {visit.signed ? (
            <>
              <FormViewer forms={formList} urlOf={(id, version) => api.counter.formPdfUrl(visit.id, id, version)} version={`${visit.revision}-signed`} />
              <Button variant="secondary" className="self-start" busy={busy === 'sign'} onClick={() => void sign(null)}>署名をやり直す</Button>
            </>
          ) : (
            <Button variant="secondary" className="self-start" onClick={() => draft.update((s) => ({ ...s, paperSignature: false }))}>タブレットの署名に戻す</Button>
          )}
        </section>
      )}
      {error ? <CompletionError error={error} onFix={() => goTo('interview')} /> : null}
      <div className="flex flex-wrap justify-between gap-3">
        <Button variant="secondary" onClick={() => goTo('review')}>戻る（確認）</Button>
        <Button className="min-h-16 px-10 text-std-20B-150" disabled={!ready} busy={busy === 'complete'} busyLabel="登録しています…" onClick={() => void complete()}>
          受付を完了する（住民記録・各課へ登録）
        </Button>
      </div>
    </div>
  );
}
