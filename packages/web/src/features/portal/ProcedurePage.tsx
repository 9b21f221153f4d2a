import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useRef } from 'react';
import { ApiError } from '../../api/errors';
import { Button, buttonClasses } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { yen } from './PortalHomePage';
import { newActionKey, portalApi } from './portalApi';
import { portalKeys, usePortalCode } from './PortalLayout';
import { CardLevelNotice, useCardSessionLevel } from './CardLogin';
import { GuestApply } from './GuestApply';

/** What a resident reads before starting: what it is, who handles it, what to have ready. */
export function ProcedurePage() {
  const code = usePortalCode();
  const { procedureId } = useParams({ strict: false }) as { procedureId: string };
  const api = portalApi(code);
  const navigate = useNavigate();
  const detail = useQuery({ queryKey: portalKeys.procedure(code, procedureId), queryFn: () => api.procedure(procedureId) });
  const me = useQuery({ queryKey: portalKeys.me(code), queryFn: api.me });
  const needsCard = detail.data?.procedure.authLevel === 'card';
  // A card-level procedure starts only once the card has confirmed who is logged in; until then the
  // card step is the only thing offered, so the resident is not sent into a form the server refuses.
  const withCard = useCardSessionLevel(code, Boolean(me.data) && needsCard);
  // One key per visit to this page: a double tap on 申請を始める opens the same draft.
  const key = useRef(newActionKey());
  const start = useMutation({
    mutationFn: () => api.start(procedureId, key.current),
    onSuccess: (c) => navigate({ to: '/portal/$code/applications/$caseId', params: { code, caseId: c.id } }),
  });

  if (detail.isPending) return <Loading />;
  if (detail.isError) return <ErrorAlert error={detail.error} />;
  const p = detail.data.procedure;
  const existing = start.error instanceof ApiError && start.error.code === 'PORTAL_ALREADY_APPLIED' ? start.error.details[0]?.message : undefined;
  return (
    <article className="flex flex-col gap-6">
      <h1 className="text-std-28B-150">{p.title}</h1>
      <p className="text-std-16N-170">{p.summary}</p>
      <dl className="flex flex-col gap-3 rounded-12 border border-solid-gray-200 bg-white p-4 text-std-16N-170">
        <div><dt className="text-std-16B-170">担当課</dt><dd>{p.departmentName}</dd></div>
        {p.deadline ? <div><dt className="text-std-16B-170">期限</dt><dd>{p.deadline}</dd></div> : null}
        <div><dt className="text-std-16B-170">手数料</dt><dd>{yen(p.feeYen)}</dd></div>
        {p.onePerPerson ? <div><dt className="text-std-16B-170">申請できる数</dt><dd>1人1件です。</dd></div> : null}
        {p.signatureRequired ? <div><dt className="text-std-16B-170">電子署名</dt><dd>送信の前に、マイナンバーカードの署名用電子証明書で署名します。カードとパスワード（英数字6〜16文字）、カードリーダーかカードを読み取れるスマートフォンを用意してください。</dd></div> : null}
        {p.openUntil ? <div><dt className="text-std-16B-170">受付期限</dt><dd>{p.openUntil}まで</dd></div> : null}
      </dl>
      {p.bring.length > 0 ? (
        <section className="flex flex-col gap-2">
          <h2 className="text-std-22B-150">始める前に用意するもの</h2>
          <ul className="list-disc pl-6 text-std-16N-170">
            {p.bring.map((b) => <li key={b}>{b}</li>)}
          </ul>
        </section>
      ) : null}
      <section className="flex flex-col gap-2">
        <h2 className="text-std-22B-150">申請の流れ</h2>
        <ol className="list-decimal pl-6 text-std-16N-170">
          <li>ログインして、画面の順に入力します（入力した内容は自動で保存され、あとで続きから再開できます）。</li>
          <li>確認画面で内容を確かめて送信すると、受付番号が表示されます。</li>
          <li>担当課の審査の結果や、修正のお願いはメールでお知らせします。</li>
        </ol>
      </section>
      {existing ? (
        <div className="flex flex-col gap-2">
          <ErrorAlert error={start.error} />
          <Link to="/portal/$code/applications/$caseId" params={{ code, caseId: existing }} className={buttonClasses('secondary')}>すでにある申請を開く</Link>
        </div>
      ) : start.error ? <ErrorAlert error={start.error} /> : null}
      {me.data && needsCard ? <CardLevelNotice code={code} /> : null}
      {me.data && needsCard && withCard !== true ? null : me.data ? (
        <Button busy={start.isPending} busyLabel="準備しています…" onClick={() => start.mutate()}>申請を始める</Button>
      ) : (
        <div className="flex flex-col gap-2">
          <p className="text-std-16N-170">{p.authLevel === 'none' ? 'アカウントがあれば、ログインして申請できます。アカウントなしで申請するときは、下の欄からどうぞ。' : '申請にはログインが必要です。アカウントがなければ、メールアドレスで登録できます。'}</p>
          <Link to="/portal/$code/login" params={{ code }} search={{ next: procedureId }} className={buttonClasses('primary')}>ログインして申請を始める</Link>
          {p.authLevel === 'none' ? <GuestApply code={code} procedureId={procedureId} /> : null}
        </div>
      )}
    </article>
  );
}
