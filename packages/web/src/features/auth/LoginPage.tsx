import { useMutation, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useRouter } from '@tanstack/react-router';
import { useRef, useState, type FormEvent } from 'react';
import { useApi } from '../../api/ApiProvider';
import { ApiError } from '../../api/errors';
import { meQueryKey, safeRedirectPath } from '../../app/auth';
import { APP_NAME, usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextField } from '../../components/TextField';
import { readLoginForm, type LoginFieldErrors, type LoginFormValues } from './loginForm';

const routeApi = getRouteApi('/login');

// A counter tablet belongs to one city, so its code is remembered (it is not secret).
const MUNICIPALITY_CODE_KEY = 'madoguchi.municipalityCode';

function rememberedMunicipalityCode(): string {
  try {
    return localStorage.getItem(MUNICIPALITY_CODE_KEY) ?? '';
  } catch {
    return '';
  }
}

export function LoginPage() {
  usePageTitle('ログイン');
  const api = useApi();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { redirect } = routeApi.useSearch();
  const [values, setValues] = useState<LoginFormValues>(() => ({
    municipalityCode: rememberedMunicipalityCode(),
    loginId: '',
    password: '',
    totpCode: '',
  }));
  const [fieldErrors, setFieldErrors] = useState<LoginFieldErrors>({});
  const [totpRequired, setTotpRequired] = useState(false);
  const [showPassword, setShowPassword] = useState(false);
  // Remounting the error summary on each attempt moves focus to it again.
  const [attempt, setAttempt] = useState(0);
  const totpRef = useRef<HTMLInputElement>(null);

  const login = useMutation({
    mutationFn: api.auth.login,
    onSuccess: async (me, request) => {
      try {
        localStorage.setItem(MUNICIPALITY_CODE_KEY, request.municipalityCode);
      } catch {
        // Private mode or full storage: the code just has to be typed next time.
      }
      queryClient.setQueryData(meQueryKey, me);
      await router.navigate({ href: safeRedirectPath(redirect), replace: true });
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      if (error.code === 'AUTH_TOTP_REQUIRED') {
        setTotpRequired(true);
        // Wait for the field to render before moving focus to it.
        requestAnimationFrame(() => totpRef.current?.focus());
      } else if (error.code === 'AUTH_TOTP_INVALID') {
        setFieldErrors({ totpCode: error.message });
        setValues((current) => ({ ...current, totpCode: '' }));
        totpRef.current?.focus();
      } else if (error.code === 'AUTH_INVALID_CREDENTIALS') {
        setValues((current) => ({ ...current, password: '', totpCode: '' }));
      }
    },
  });

  const update = (field: keyof LoginFormValues) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempt((count) => count + 1);
    const result = readLoginForm(values, totpRequired);
    if (!result.ok) {
      setFieldErrors(result.errors);
      return;
    }
    setFieldErrors({});
    login.mutate(result.request);
  };

  // The TOTP prompt is an expected step, not a failure, so it is shown as guidance instead.
  const serverError =
    login.error instanceof ApiError && ['AUTH_TOTP_REQUIRED', 'AUTH_TOTP_INVALID'].includes(login.error.code)
      ? null
      : login.error;
  const errorCount = Object.keys(fieldErrors).length;

  return (
    <div className="flex min-h-screen flex-col bg-solid-gray-50">
      <header className="border-b border-solid-gray-200 bg-white">
        <p className="mx-auto max-w-screen-xl px-6 py-4 text-std-20B-150">{APP_NAME}</p>
      </header>
      <main id="main" tabIndex={-1} className="flex flex-1 items-start justify-center px-6 py-10">
        <div className="w-full max-w-lg rounded-12 border border-solid-gray-200 bg-white p-8 shadow-1">
          <h1 className="mb-2 text-std-28B-150">職員ログイン</h1>
          <p className="mb-6 text-std-16N-170 text-solid-gray-700">
            自治体コード・ログインID・パスワードを入力して「ログインする」を押してください。
          </p>
          <form noValidate onSubmit={submit} className="flex flex-col gap-5">
            {errorCount > 0 ? (
              <Alert key={attempt} variant="error" title="入力内容を確認してください" focusOnMount>
                赤字で示した項目を直してから、もう一度「ログインする」を押してください。
              </Alert>
            ) : null}
            {serverError ? <ErrorAlert key={attempt} error={serverError} title="ログインできませんでした" focusOnMount /> : null}
            <TextField
              label="自治体コード"
              hint="全国地方公共団体コードの6桁です（例：062120）。一度ログインすると、この端末では次から入力済みになります。"
              name="municipalityCode"
              inputMode="numeric"
              autoComplete="organization"
              required
              value={values.municipalityCode}
              onChange={update('municipalityCode')}
              error={fieldErrors.municipalityCode}
            />
            <TextField
              label="ログインID"
              name="loginId"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={values.loginId}
              onChange={update('loginId')}
              error={fieldErrors.loginId}
            />
            <div className="flex flex-col gap-2">
              <TextField
                label="パスワード"
                name="password"
                type={showPassword ? 'text' : 'password'}
                autoComplete="current-password"
                required
                value={values.password}
                onChange={update('password')}
                error={fieldErrors.password}
              />
              <label className="flex min-h-11 cursor-pointer items-center gap-3 self-start text-std-16N-170">
                <input
                  type="checkbox"
                  className="size-6 accent-key-900"
                  checked={showPassword}
                  onChange={(event) => setShowPassword(event.target.checked)}
                />
                パスワードを表示する
              </label>
            </div>
            {totpRequired ? (
              <div className="flex flex-col gap-3 rounded-8 border-2 border-key-900 bg-key-50 p-4">
                <p className="text-std-16N-170">
                  このアカウントは二段階認証を使っています。スマートフォンの認証アプリに表示されている6桁の確認コードを入力してください。
                </p>
                <TextField
                  ref={totpRef}
                  label="確認コード（6桁）"
                  name="totpCode"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={8}
                  required
                  value={values.totpCode}
                  onChange={update('totpCode')}
                  error={fieldErrors.totpCode}
                />
              </div>
            ) : null}
            <Button type="submit" busy={login.isPending} busyLabel="確認しています…" className="w-full">
              ログインする
            </Button>
          </form>
          <p className="mt-6 text-std-16N-170 text-solid-gray-700">
            パスワードを忘れた場合や、アカウントがロックされた場合は、所属の業務管理者に再設定を依頼してください。
          </p>
        </div>
      </main>
    </div>
  );
}
