import { Link, Outlet, useParams } from '@tanstack/react-router';
import { useEffect } from 'react';

export function useOutreachCode(): string {
  return useParams({ strict: false }).code ?? '';
}

export const outreachKeys = {
  schedule: (code: string, month: string, district: string) => ['outreach', code, 'schedule', month, district] as const,
  live: (code: string) => ['outreach', code, 'live'] as const,
  plan: ['outreach', 'plan'] as const,
  routes: (month: string) => ['outreach', 'routes', month] as const,
  stats: (from: string, to: string) => ['outreach', 'stats', from, to] as const,
};

/**
 * The residents' 移動市役所 pages: public, phone-first, one column of large text, nothing of the
 * staff shell. The printable calendar has its own bare frame.
 */
export function OutreachPublicLayout() {
  const code = useOutreachCode();
  useEffect(() => {
    document.documentElement.lang = 'ja';
  }, []);
  return (
    <div className="flex min-h-screen flex-col bg-solid-gray-50 text-solid-gray-900">
      <header className="border-b border-solid-gray-200 bg-white">
        <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-2 px-4 py-3">
          <Link to="/outreach/$code" params={{ code }} search={{}} className="text-std-20B-150 text-solid-gray-900 no-underline">
            移動市役所の運行予定
          </Link>
          <nav aria-label="移動市役所のメニュー" className="flex flex-wrap gap-x-4 gap-y-1 text-std-16N-170">
            <Link to="/outreach/$code" params={{ code }} search={{}} className="inline-flex min-h-11 items-center text-key-900 underline underline-offset-4">
              運行予定
            </Link>
            <Link to="/outreach/$code/live" params={{ code }} className="inline-flex min-h-11 items-center text-key-900 underline underline-offset-4">
              いまどこ？
            </Link>
            <Link to="/q/$code/reserve" params={{ code }} search={{}} className="inline-flex min-h-11 items-center text-key-900 underline underline-offset-4">
              予約
            </Link>
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-3xl flex-1 px-4 py-6">
        <Outlet />
      </main>
    </div>
  );
}
