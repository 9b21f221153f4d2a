import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useRouter } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/ApiProvider';
import { isApiError } from '../../api/errors';
import { meQueryKey, safeRedirectPath, useMe } from '../../app/auth';
import { isAdmin } from '../../app/roles';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { QrCode } from '../../components/QrCode';
import { Section } from '../../components/Section';
import { TextField } from '../../components/TextField';
import { toHalfWidthDigits } from '../../lib/format';

const routeApi = getRouteApi('/_staff/account/totp');

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP": easier to type into a phone without losing place. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

export function TotpSetupPage() {
  usePageTitle('二段階認証の設定');
  const api = useApi();
  const me = useMe();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { redirect } = routeApi.useSearch();
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string>();
  const [enabled, setEnabled] = useState(false);

  const setup = useMutation({ mutationFn: api.auth.setupTotp });
  const enable = useMutation({
    mutationFn: api.auth.enableTotp,
    onSuccess: async () => {
      setEnabled(true);
      setup.reset();
      setCode('');
      await queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
    onError: (error) => {
      if (isApiError(error, 'AUTH_TOTP_INVALID')) {
        setCodeError(error.message);
        setCode('');
      }
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const normalized = toHalfWidthDigits(code).replace(/\s/g, '');
    if (!/^\d{6}$/.test(normalized)) {
      setCodeError('認証アプリに表示されている6桁の数字を入力してください。');
      return;
    }
    setCodeError(undefined);
    enable.mutate(normalized);
  };

  if (!me) return null;
  const enableError = enable.error && !isApiError(enable.error, 'AUTH_TOTP_INVALID') ? enable.error : null;

  return (
    <>
      <PageHeader
        title="二段階認証の設定"
        description="ログインのときに、パスワードに加えてスマートフォンの認証アプリに表示される6桁の確認コードを使います。パスワードが漏れても、他人がログインできなくなります。"
      />
      <div className="flex max-w-4xl flex-col gap-6">
        {enabled ? (
          <Alert variant="success" title="二段階認証を有効にしました" focusOnMount>
            <p>次回のログインから、パスワードのあとに確認コードを入力してください。</p>
            {redirect ? (
              <Button className="mt-3" onClick={() => void router.navigate({ href: safeRedirectPath(redirect) })}>
                元の画面に進む
              </Button>
            ) : null}
          </Alert>
        ) : me.totpEnabled && !setup.data ? (
          <Alert variant="success" title="二段階認証は設定済みです">
            スマートフォンを買い替えたときなどは、「認証アプリを設定し直す」から新しいQRコードを読み取ってください。
          </Alert>
        ) : isAdmin(me.roles) ? (
          <Alert variant="warning" title="管理者は二段階認証の設定が必要です">
            設定が終わるまで、職員管理・監査ログ・住民データ取込は使えません。下の手順で設定してください。
          </Alert>
        ) : null}

        {!setup.data ? (
          <Section title={me.totpEnabled ? '認証アプリを設定し直す' : '手順1　設定を始める'}>
            <p className="mb-4 text-std-16N-170">
              スマートフォンに認証アプリ（Google Authenticator、Microsoft Authenticator など）を入れてから、下のボタンを押してください。
              {me.totpEnabled ? '設定し直すと、これまでの確認コードは使えなくなります。' : ''}
            </p>
            {setup.error ? <ErrorAlert error={setup.error} className="mb-4" /> : null}
            <Button busy={setup.isPending} busyLabel="準備しています…" onClick={() => setup.mutate()}>
              {me.totpEnabled ? '認証アプリを設定し直す' : '設定を始める'}
            </Button>
          </Section>
        ) : (
          <>
            <Section title="手順2　認証アプリでQRコードを読み取る">
              <div className="flex flex-wrap items-start gap-6">
                <QrCode value={setup.data.otpauthUri} label="認証アプリに読み取らせる設定用のQRコード" />
                <div className="flex min-w-64 flex-1 flex-col gap-3 text-std-16N-170">
                  <p>認証アプリの「追加」や「＋」を押し、「QRコードをスキャン」を選んで、左のQRコードを読み取ってください。</p>
                  <p>読み取れない場合は、「セットアップキーを入力」を選び、次のキーを入力してください。</p>
                  <p className="rounded-8 bg-solid-gray-50 px-4 py-3 font-mono text-std-20B-150 tracking-wider">
                    {groupSecret(setup.data.secret)}
                  </p>
                  <details className="text-std-16N-170">
                    <summary className="min-h-11 cursor-pointer py-2 text-key-900 underline">設定用のURIを表示する</summary>
                    <p className="font-mono break-all">{setup.data.otpauthUri}</p>
                  </details>
                  <p className="text-solid-gray-700">このキーは他の人に見せないでください。設定が終わったら画面を閉じてかまいません。</p>
                </div>
              </div>
            </Section>
            <Section title="手順3　確認コードを入力する">
              <form noValidate onSubmit={submit} className="flex flex-col gap-4">
                {enableError ? <ErrorAlert error={enableError} /> : null}
                <TextField
                  label="確認コード（6桁）"
                  hint="認証アプリに表示されている6桁の数字です。30秒ごとに変わります。"
                  name="code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={8}
                  required
                  value={code}
                  onChange={(event) => setCode(event.target.value)}
                  error={codeError}
                  className="max-w-sm"
                />
                <div>
                  <Button type="submit" busy={enable.isPending} busyLabel="確認しています…">
                    確認して有効にする
                  </Button>
                </div>
              </form>
            </Section>
          </>
        )}
      </div>
    </>
  );
}
