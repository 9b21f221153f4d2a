import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useParams } from '@tanstack/react-router';
import { useEffect } from 'react';
import { Loading } from '../../components/Loading';
import { ErrorAlert } from '../../components/ErrorAlert';
import { portalApi } from './portalApi';

export const portalKeys = {
  info: (code: string) => ['portal', code, 'info'] as const,
  me: (code: string) => ['portal', code, 'me'] as const,
  procedures: (code: string, q: string, lifeEvent: string) => ['portal', code, 'procedures', q, lifeEvent] as const,
  procedure: (code: string, id: string) => ['portal', code, 'procedure', id] as const,
  applications: (code: string) => ['portal', code, 'applications'] as const,
  application: (code: string, id: string) => ['portal', code, 'application', id] as const,
};

export function usePortalCode(): string {
  return useParams({ strict: false }).code ?? '';
}

/**
 * The resident portal's own frame: public, phone-first (one column, large text and touch targets),
 * nothing of the staff shell. The city's name comes from the code in the address.
 */
export function PortalLayout() {
  const code = usePortalCode();
  const api = portalApi(code);
  const info = useQuery({ queryKey: portalKeys.info(code), queryFn: api.info, staleTime: 10 * 60_000 });
  const me = useQuery({ queryKey: portalKeys.me(code), queryFn: api.me });
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const cityName = info.data?.municipality.name ?? '';

  useEffect(() => {
    document.documentElement.lang = 'ja';
    if (cityName) document.title = `${cityName} オンライン申請`;
  }, [cityName]);

  const logout = async () => {
    await api.logout();
    queryClient.removeQueries({ queryKey: ['portal', code] });
    await navigate({ to: '/portal/$code', params: { code } });
  };

  return (
    <div className="flex min-h-screen flex-col bg-solid-gray-50 text-solid-gray-900">
      <header className="border-b border-solid-gray-200 bg-white">
        <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-2 px-4 py-3">
          <Link to="/portal/$code" params={{ code }} className="text-std-20B-150 text-solid-gray-900 no-underline">
            {cityName ? `${cityName} オンライン申請` : 'オンライン申請'}
          </Link>
          <nav aria-label="ポータルのメニュー" className="flex flex-wrap items-center gap-x-4 gap-y-1 text-std-16N-170">
            <Link to="/portal/$code" params={{ code }} className="text-key-900 underline underline-offset-4">手続きを探す</Link>
            {me.data ? (
              <>
                <Link to="/portal/$code/applications" params={{ code }} className="text-key-900 underline underline-offset-4">申請の一覧</Link>
                <button type="button" onClick={() => void logout()} className="min-h-11 text-key-900 underline underline-offset-4">ログアウト</button>
              </>
            ) : (
              <Link to="/portal/$code/login" params={{ code }} className="text-key-900 underline underline-offset-4">ログイン・登録</Link>
            )}
          </nav>
        </div>
      </header>
      <main id="main" className="mx-auto flex w-full max-w-3xl flex-1 flex-col gap-6 px-4 py-6">
        {info.isPending ? <Loading /> : info.isError ? <ErrorAlert error={info.error} /> : <Outlet />}
      </main>
      <footer className="border-t border-solid-gray-200 bg-white">
        <p className="mx-auto max-w-3xl px-4 py-4 text-std-16N-170 text-solid-gray-700">
          {cityName} ・ 入力した内容は自動で下書きとして保存されます。わからないことは各担当課にお問い合わせください。
        </p>
      </footer>
    </div>
  );
}
