import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/ApiProvider';
import { detailsByPath } from '../../api/errors';
import type { StaffAccount } from '../../api/types';
import { AdminErrorAlert } from '../../app/AdminErrorAlert';
import { useMe } from '../../app/auth';
import { usePageTitle } from '../../app/usePageTitle';
import { PASSWORD_RULE_HINT, passwordLengthProblem } from '../../lib/credentialRules';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { PasswordField } from './PasswordField';
import { municipalityQuery, staffListKey, staffListQuery } from './queries';
import { BackToStaffList } from './StaffCreatePage';
import { StaffForm } from './StaffForm';
import type { StaffFormValues } from './staffForm';

const routeApi = getRouteApi('/_staff/_admin/admin/staff/$staffId');

function PasswordResetSection({ staff }: { staff: StaffAccount }) {
  const api = useApi();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const reset = useMutation({ mutationFn: (newPassword: string) => api.staff.resetPassword(staff.id, newPassword) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = password
      ? passwordLengthProblem(password)
      : '新しいパスワードを入力するか、「パスワードを自動で作る」を押してください。';
    setError(problem);
    if (problem) return;
    reset.mutate(password);
  };
  return (
    <Section title="パスワードの再設定">
      <form noValidate onSubmit={submit} className="flex flex-col gap-4">
        <p className="text-std-16N-170">
          パスワードを忘れた、またはロックされた職員のために、新しいパスワードを設定します。設定したパスワードは本人に直接伝えてください。
        </p>
        {reset.isSuccess ? (
          <Alert variant="success" title="パスワードを再設定しました" focusOnMount>
            {staff.displayName}さんに新しいパスワード <span className="font-mono text-std-16B-170">{reset.variables}</span>{' '}
            を伝え、ログイン後に変更してもらってください。
          </Alert>
        ) : null}
        {reset.error ? <AdminErrorAlert error={reset.error} title="再設定できませんでした" /> : null}
        <PasswordField
          label="新しいパスワード"
          hint={`${PASSWORD_RULE_HINT}本人に伝えたあと、本人がログインして変更します。`}
          value={password}
          onChange={setPassword}
          error={error ?? detailsByPath(reset.error).get('newPassword')}
        />
        <div>
          <Button type="submit" variant="secondary" busy={reset.isPending} busyLabel="再設定しています…">
            パスワードを再設定する
          </Button>
        </div>
      </form>
    </Section>
  );
}

function ActivationSection({ staff, isSelf }: { staff: StaffAccount; isSelf: boolean }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const change = useMutation({
    mutationFn: (active: boolean) => api.staff.update(staff.id, { active }),
    onSuccess: async () => {
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: staffListKey });
    },
  });
  return (
    <Section title={staff.active ? '利用の停止' : '利用の再開'}>
      <div className="flex flex-col gap-4">
        {change.error ? <AdminErrorAlert error={change.error} title="変更できませんでした" /> : null}
        {isSelf ? (
          <p className="text-std-16N-170">自分自身のアカウントは停止できません。停止が必要な場合は、別の管理者に依頼してください。</p>
        ) : staff.active ? (
          <>
            <p className="text-std-16N-170">
              異動や退職でシステムを使わなくなった職員は、利用を停止してください。停止するとすぐにログインできなくなります。記録は消えず、あとで再開できます。
            </p>
            {confirming ? (
              <div role="alertdialog" aria-labelledby="confirm-deactivate" className="flex flex-col gap-3 rounded-8 border-2 border-red-900 bg-red-50 p-4">
                <p id="confirm-deactivate" className="text-std-17B-170">
                  {staff.displayName}さんの利用を停止しますか？
                </p>
                <div className="flex flex-wrap gap-3">
                  <Button variant="danger" busy={change.isPending} busyLabel="停止しています…" onClick={() => change.mutate(false)}>
                    停止する
                  </Button>
                  <Button variant="tertiary" onClick={() => setConfirming(false)}>
                    やめる
                  </Button>
                </div>
              </div>
            ) : (
              <div>
                <Button variant="danger" onClick={() => setConfirming(true)}>
                  利用を停止する
                </Button>
              </div>
            )}
          </>
        ) : (
          <>
            <Alert variant="warning">{staff.displayName}さんは利用を停止されています。ログインできません。</Alert>
            <div>
              <Button variant="secondary" busy={change.isPending} busyLabel="再開しています…" onClick={() => change.mutate(true)}>
                利用を再開する
              </Button>
            </div>
          </>
        )}
      </div>
    </Section>
  );
}

export function StaffEditPage() {
  const api = useApi();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { staffId } = routeApi.useParams();
  const staffList = useQuery(staffListQuery(api));
  const municipality = useQuery(municipalityQuery(api));
  const staff = staffList.data?.items.find((item) => item.id === staffId);
  usePageTitle(staff ? `${staff.displayName}さんの編集` : '職員の編集');

  const update = useMutation({
    mutationFn: (values: StaffFormValues) =>
      api.staff.update(staffId, { displayName: values.displayName, roles: values.roles, departmentIds: values.departmentIds }),
    onSuccess: async (_result, values) => {
      await queryClient.invalidateQueries({ queryKey: staffListKey });
      await navigate({ to: '/admin/staff', search: { saved: values.displayName } });
    },
  });

  const header = (title: string) => <PageHeader back={<BackToStaffList />} title={title} />;
  if (staffList.isPending || municipality.isPending) {
    return (
      <>
        {header('職員の編集')}
        <Loading />
      </>
    );
  }
  const loadError = staffList.error ?? municipality.error;
  if (loadError) {
    return (
      <>
        {header('職員の編集')}
        <AdminErrorAlert error={loadError} title="職員の情報を読み込めませんでした" />
      </>
    );
  }
  if (!staff || !municipality.data) {
    return (
      <>
        {header('職員の編集')}
        <Alert variant="warning" title="この職員は見つかりませんでした">
          一覧に戻り、もう一度選んでください。
        </Alert>
      </>
    );
  }
  const isSelf = me?.id === staff.id;

  return (
    <>
      <PageHeader
        back={<BackToStaffList />}
        title={`${staff.displayName}さんの編集`}
        description={<span className="font-mono">ログインID: {staff.loginId}</span>}
      />
      <div className="flex max-w-3xl flex-col gap-6">
        <Section title="職員の情報">
          <StaffForm
            mode="edit"
            initial={{ displayName: staff.displayName, loginId: staff.loginId, password: '', roles: staff.roles, departmentIds: staff.departmentIds }}
            departments={municipality.data.departments}
            onSubmit={(values) => update.mutate(values)}
            busy={update.isPending}
            submitLabel="保存する"
            serverErrors={detailsByPath(update.error)}
            banner={update.error ? <AdminErrorAlert error={update.error} title="保存できませんでした" /> : null}
            lockedRolesNote={
              isSelf ? '自分の管理者の役割を外すと、この画面に戻れなくなります。外す場合は別の管理者に依頼してください。' : undefined
            }
          />
        </Section>
        <PasswordResetSection staff={staff} />
        <ActivationSection staff={staff} isSelf={isSelf} />
      </div>
    </>
  );
}
