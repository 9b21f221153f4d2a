import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import type { AuthLevel, PublicationRule } from '../../api/online';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { AUTH_LEVEL_LABELS, wareki, yen } from './labels';

interface DefinitionFacts {
  attachments?: { id: string; label: string; accept: string[]; maxSizeMb: number; required?: boolean }[];
  retention?: { years: number; basis: string };
  fee?: { amountYen: number; note?: string };
}

const MEDIA: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };

function Check({ label, hint, checked, disabled, onChange }: { label: string; hint?: string; checked: boolean; disabled: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="flex min-h-12 cursor-pointer items-start gap-3 rounded-8 border border-solid-gray-300 p-3">
      <input type="checkbox" className="mt-1 size-6 accent-key-900" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <span className="flex flex-col">
        <span className="text-std-17B-170">{label}</span>
        {hint ? <span className="text-std-16N-170 text-solid-gray-700">{hint}</span> : null}
      </span>
    </label>
  );
}

/**
 * One procedure's publishing rule. What the definition fixes (attachments and their limits, the
 * retention period) is shown beside it, with the way to change it (a new version of the definition).
 */
export function PublicationEditPage() {
  const { procedureId } = useParams({ strict: false }) as { procedureId: string };
  const api = useApi();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['online-publications'], queryFn: () => api.online.publications() });
  const detail = useQuery({ queryKey: ['procedure', procedureId], queryFn: () => api.procedures.get(procedureId) });
  const catalogue = useQuery({ queryKey: ['procedures'], queryFn: () => api.procedures.list(), staleTime: 60_000 });
  const item = list.data?.find((p) => p.procedureId === procedureId);
  usePageTitle(item ? `${item.title} のオンライン申請` : 'オンライン申請の設定');
  const [rule, setRule] = useState<PublicationRule | null>(null);
  useEffect(() => { if (item && !rule) setRule(item.rule); }, [item, rule]);
  const save = useMutation({
    mutationFn: (r: PublicationRule) => api.online.setPublication(procedureId, r),
    onSuccess: (r) => { setRule(r); void queryClient.invalidateQueries({ queryKey: ['online-publications'] }); },
  });

  if (list.isPending || detail.isPending) return <Loading />;
  if (list.isError) return <ErrorAlert error={list.error} />;
  if (detail.isError) return <ErrorAlert error={detail.error} />;
  if (!item || !rule) return <Alert variant="warning" title="この手続きはオンライン申請に対応していません">手続きの定義の「受付方法」にオンラインを加えて公開すると、ここで設定できます。</Alert>;
  const facts = (detail.data.current?.definition ?? {}) as DefinitionFacts;
  const readOnly = !item.canEdit;
  const change = (patch: Partial<PublicationRule>) => { save.reset(); setRule({ ...rule, ...patch }); };
  const departments = [...new Map((catalogue.data?.departments ?? []).map((d) => [d.departmentId, d.departmentName])).entries()];
  const fieldError = (path: string) => (save.error && 'details' in save.error ? (save.error as { details?: { path: string; message: string }[] }).details?.find((d) => d.path === path)?.message : undefined);

  return (
    <>
      <PageHeader
        title={item.title}
        description={`${item.departmentName}・${item.saved ? `最終更新 ${item.updatedAt ? new Date(item.updatedAt).toLocaleString('ja-JP') : ''}` : 'まだ設定されていません（非公開）'}`}
        back={<Link to="/online" className="text-std-16N-170 text-key-900 underline">← オンライン申請の設定に戻る</Link>}
      />
      {readOnly ? <div className="mb-6"><Alert variant="info" title="閲覧のみ">この手続きの設定を変更できるのは、担当課の職員と管理者です。</Alert></div> : null}
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[3fr_2fr]">
        <Section title="公開の設定">
          <form className="flex flex-col gap-5" noValidate onSubmit={(e) => { e.preventDefault(); save.mutate(rule); }}>
            {item.templateRule && !readOnly ? (
              <Alert variant="info" title="国の重点手続きのテンプレートがあります">
                <p>{`おすすめの設定: ${AUTH_LEVEL_LABELS[item.templateRule.authLevel]}・電子署名${item.templateRule.signatureRequired ? 'あり' : 'なし'}・手数料${yen(item.templateRule.feeYen)}・${item.templateRule.onePerPerson ? '1人1件' : '複数申請可'}`}</p>
                <Button type="button" size="sm" variant="secondary" onClick={() => change({ ...item.templateRule! })}>テンプレートを当てる（保存前に確認できます）</Button>
              </Alert>
            ) : null}
            <Check label="オンラインで受け付ける" hint="外すと、住民向けのページに表示されなくなります（申請済みの案件はそのまま）。" checked={rule.enabled} disabled={readOnly} onChange={(v) => change({ enabled: v })} />
            <fieldset className="flex flex-col gap-2">
              <legend className="mb-1 text-std-17B-170">本人確認の方法</legend>
              {(Object.keys(AUTH_LEVEL_LABELS) as AuthLevel[]).map((level) => (
                <label key={level} className="flex min-h-11 cursor-pointer items-center gap-3">
                  <input type="radio" name="authLevel" className="size-5 accent-key-900" checked={rule.authLevel === level} disabled={readOnly} onChange={() => change({ authLevel: level })} />
                  <span className="text-std-16N-170">{AUTH_LEVEL_LABELS[level]}</span>
                </label>
              ))}
            </fieldset>
            <Check label="電子署名を求める（マイナンバーカードの署名用電子証明書）" checked={rule.signatureRequired} disabled={readOnly} onChange={(v) => change({ signatureRequired: v })} />
            <Check label="1人1件まで" hint="同じ人が受付中の申請を持っている間は、新しく申請できません。" checked={rule.onePerPerson} disabled={readOnly} onChange={(v) => change({ onePerPerson: v })} />
            <TextField label="手数料（円）" inputMode="numeric" value={String(rule.feeYen)} disabled={readOnly}
              hint={`0円なら手数料なし。手数料のある手続きは、オンライン決済か窓口での支払いを申請者が選びます。${facts.fee?.amountYen ? `定義上の手数料: ${yen(facts.fee.amountYen)}` : ''}`}
              error={fieldError('feeYen')}
              onChange={(e) => { const n = Number(e.target.value.normalize('NFKC').replace(/[^\d]/g, '')); change({ feeYen: Number.isFinite(n) ? n : 0 }); }} />
            <SelectField label="受け付ける課" value={rule.receivingDepartmentId ?? ''} disabled={readOnly} onChange={(e) => change({ receivingDepartmentId: e.target.value || null })}
              hint="空欄なら手続きの担当課が受け付けます。" error={fieldError('receivingDepartmentId')}
              options={[{ value: '', label: `手続きの担当課（${item.departmentName}）` }, ...departments.map(([id, name]) => ({ value: id, label: name }))]} />
            <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
              <TextField label="受付開始日" type="date" value={rule.openFrom ?? ''} disabled={readOnly} hint={rule.openFrom ? wareki(rule.openFrom) : '空欄なら今日から'} onChange={(e) => change({ openFrom: e.target.value || null })} error={fieldError('openFrom')} />
              <TextField label="受付終了日" type="date" value={rule.openUntil ?? ''} disabled={readOnly} hint={rule.openUntil ? wareki(rule.openUntil) : '空欄なら期限なし'} onChange={(e) => change({ openUntil: e.target.value || null })} error={fieldError('openUntil')} />
            </div>
            {save.isError ? <ErrorAlert error={save.error} title="保存できませんでした" focusOnMount /> : null}
            {save.isSuccess ? <Alert variant="success" title="保存しました" focusOnMount>{rule.enabled ? '住民向けのページに反映されました。' : 'この手続きはオンラインでは受け付けていません。'}</Alert> : null}
            {!readOnly ? <Button type="submit" busy={save.isPending} busyLabel="保存しています…" className="self-start">保存する</Button> : null}
          </form>
        </Section>
        <div className="flex flex-col gap-6">
          <Section title="添付書類と上限（手続きの定義）">
            {facts.attachments?.length ? (
              <ul className="flex flex-col gap-2 text-std-16N-170">
                {facts.attachments.map((a) => (
                  <li key={a.id}>{`${a.label}: ${a.accept.map((m) => MEDIA[m] ?? m).join('・')}、1ファイル${a.maxSizeMb}MBまで、5ファイルまで${a.required ? '（必須）' : ''}`}</li>
                ))}
              </ul>
            ) : <p className="text-std-16N-170">添付書類はありません。</p>}
          </Section>
          <Section title="保存期間（手続きの定義）">
            <p className="text-std-16N-170">{facts.retention ? `完了から${facts.retention.years}年（${facts.retention.basis}）。過ぎた案件は毎日の処理で匿名化されます。` : '定義に保存期間がありません。'}</p>
          </Section>
          {detail.data.canEdit ? (
            <p className="text-std-16N-170">添付書類・保存期間・様式を変えるには、<Link to="/procedures/$procedureId" params={{ procedureId }} search={{}} className="text-key-900 underline">手続きカタログ</Link>で定義の新しい版を作って公開します。</p>
          ) : null}
        </div>
      </div>
    </>
  );
}
