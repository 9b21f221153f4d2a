import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { TextField } from '../../components/TextField';
import { portalApi, type PortalAccount } from './portalApi';
import { portalKeys, usePortalCode } from './PortalLayout';
import { CardLogin } from './CardLogin';

type Mode = 'login' | 'register' | 'link' | 'card';

function useAfterLogin() {
  const code = usePortalCode();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { next: fromSearch } = useSearch({ strict: false }) as { next?: string };
  // A link mailed for applying without an account names its procedure in the query (read once, before the page clears the address).
  const [fromLink] = useState(() => new URLSearchParams(window.location.search).get('next'));
  const next = fromSearch ?? fromLink ?? undefined;
  return async (account: PortalAccount) => {
    queryClient.setQueryData(portalKeys.me(code), account);
    await queryClient.invalidateQueries({ queryKey: portalKeys.applications(code) });
    if (next) await navigate({ to: '/portal/$code/procedures/$procedureId', params: { code, procedureId: next } });
    else await navigate({ to: '/portal/$code/applications', params: { code } });
  };
}

/** The login form, also used inline when a session runs out in the middle of a form. */
export function PasswordLogin({ onDone }: { onDone: (a: PortalAccount) => void | Promise<void> }) {
  const code = usePortalCode();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({ mutationFn: () => portalApi(code).login({ email, password }), onSuccess: onDone });
  const submit = (e: FormEvent) => { e.preventDefault(); login.mutate(); };
  return (
    <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
      {login.error ? <ErrorAlert error={login.error} focusOnMount /> : null}
      <TextField label="メールアドレス" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <TextField label="パスワード" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      <Button type="submit" busy={login.isPending} busyLabel="ログインしています…">ログイン</Button>
    </form>
  );
}

export function PortalLoginPage() {
  const code = usePortalCode();
  const api = portalApi(code);
  const afterLogin = useAfterLogin();
  const [mode, setMode] = useState<Mode>('login');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const register = useMutation({ mutationFn: () => api.register({ email, password, displayName: name }) });
  const link = useMutation({ mutationFn: () => api.loginLink(email) });
  const tab = (m: Mode, label: string) => (
    <button type="button" aria-pressed={mode === m} onClick={() => setMode(m)}
      className={`min-h-11 flex-1 rounded-8 border-2 px-3 text-std-16B-170 ${mode === m ? 'border-key-900 bg-key-900 text-white' : 'border-solid-gray-300 bg-white text-key-900'}`}>
      {label}
    </button>
  );
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-std-28B-150">ログイン・アカウント登録</h1>
      <div className="flex flex-wrap gap-2" role="group" aria-label="方法を選ぶ">
        {tab('login', 'パスワードでログイン')}
        {tab('link', 'メールでログイン')}
        {tab('register', '新しく登録する')}
        {tab('card', 'マイナンバーカードでログイン')}
      </div>
      <section className="rounded-12 border border-solid-gray-200 bg-white p-4">
        {mode === 'login' ? <PasswordLogin onDone={afterLogin} /> : null}
        {mode === 'card' ? <CardLogin code={code} loggedIn={false} onDone={(a) => afterLogin(a)} /> : null}
        {mode === 'link' ? (
          link.isSuccess ? (
            <Alert variant="success" title="メールを送りました" focusOnMount>
              <p>登録されているアドレスなら、ログイン用のリンクが届きます（15分有効）。届かないときは迷惑メールのフォルダも確認してください。</p>
            </Alert>
          ) : (
            <form onSubmit={(e) => { e.preventDefault(); link.mutate(); }} className="flex flex-col gap-4" noValidate>
              {link.error ? <ErrorAlert error={link.error} focusOnMount /> : null}
              <p className="text-std-16N-170">パスワードがなくても、メールに届くリンクからログインできます。</p>
              <TextField label="メールアドレス" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
              <Button type="submit" busy={link.isPending} busyLabel="送っています…">ログイン用のリンクを送る</Button>
            </form>
          )
        ) : null}
        {mode === 'register' ? (
          register.isSuccess ? (
            <Alert variant="success" title="確認メールを送りました" focusOnMount>
              <p>{email} に届いたメールのリンクを開くと、登録が完了してログインします（24時間有効）。</p>
            </Alert>
          ) : (
            <form onSubmit={(e) => { e.preventDefault(); register.mutate(); }} className="flex flex-col gap-4" noValidate>
              {register.error ? <ErrorAlert error={register.error} focusOnMount /> : null}
              <TextField label="お名前" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} />
              <TextField label="メールアドレス" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
              <TextField label="パスワード" hint="12文字以上。ほかのサービスと同じものは避けてください。" type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
              <Button type="submit" busy={register.isPending} busyLabel="登録しています…">確認メールを送って登録する</Button>
            </form>
          )
        ) : null}
      </section>
    </div>
  );
}

/** Opens a link from an e-mail (address confirmation or one-time login): the token is in the fragment. */
export function PortalRedeemPage() {
  const code = usePortalCode();
  const afterLogin = useAfterLogin();
  const redeem = useMutation({ mutationFn: (token: string) => portalApi(code).redeem(token), onSuccess: afterLogin });
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
    // The token leaves the address bar at once, so it is not kept in the history or shared by accident.
    window.history.replaceState(null, '', window.location.pathname);
    redeem.mutate(token);
  }, [redeem]);
  if (redeem.isError) {
    return (
      <div className="flex flex-col gap-4">
        <h1 className="text-std-28B-150">リンクを開けませんでした</h1>
        <ErrorAlert error={redeem.error} focusOnMount />
      </div>
    );
  }
  return <Loading label="ログインしています…" />;
}
