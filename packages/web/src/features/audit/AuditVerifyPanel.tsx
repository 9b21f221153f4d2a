import { useMutation } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';
import { AdminErrorAlert } from '../../app/AdminErrorAlert';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Section } from '../../components/Section';

export function AuditVerifyPanel() {
  const api = useApi();
  const verify = useMutation({ mutationFn: api.audit.verify });
  const result = verify.data;
  return (
    <Section
      title="改ざんの確認"
      actions={
        <Button variant="secondary" busy={verify.isPending} busyLabel="確認しています…" onClick={() => verify.mutate()}>
          改ざんがないか確認する
        </Button>
      }
    >
      <div className="flex flex-col gap-4">
        <p className="text-std-16N-170">
          記録は1件ごとに前の記録と鎖のようにつながっています。途中の記録が書き換えられたり消されたりしていないかを確かめます。
        </p>
        {verify.error ? <AdminErrorAlert error={verify.error} title="確認できませんでした" /> : null}
        {result?.ok ? (
          <Alert variant="success" title="改ざんは見つかりませんでした">
            {result.checked.toLocaleString('ja-JP')}件の記録を確認しました。すべての記録が正しくつながっています。
          </Alert>
        ) : null}
        {result?.pending ? (
          <Alert variant="info" title="つなぐ前の記録があります">
            {result.pending.toLocaleString('ja-JP')}件の記録は、まだ鎖につながれていません（書き込みが多いときに数秒かかることがあります）。少し待ってからもう一度確認してください。
          </Alert>
        ) : null}
        {result && !result.ok ? (
          <Alert variant="error" title="記録のつながりが途切れています">
            <p>
              {result.firstBrokenSeq === undefined ? '' : `番号${result.firstBrokenSeq}の記録で、`}
              前の記録とのつながりが確認できませんでした。{result.reason ? `（${result.reason}）` : ''}
            </p>
            <p>記録が改ざんまたは破損している可能性があります。この画面をそのままにして、システム管理者に連絡してください。</p>
          </Alert>
        ) : null}
      </div>
    </Section>
  );
}
