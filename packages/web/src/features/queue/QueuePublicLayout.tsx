import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useParams } from '@tanstack/react-router';
import { useEffect } from 'react';
import { publicQueueApi } from './queueApi';

export const queueKeys = {
  overview: (code: string) => ['queue', code, 'overview'] as const,
  busy: (code: string, locationId: string) => ['queue', code, 'busy', locationId] as const,
  ticket: (code: string, token: string) => ['queue', code, 'ticket', token] as const,
  slots: (code: string, serviceId: string, from: string) => ['queue', code, 'slots', serviceId, from] as const,
  reservation: (code: string, token: string) => ['queue', code, 'reservation', token] as const,
};

export function useQueueCode(): string {
  return useParams({ strict: false }).code ?? '';
}

export function useOverview(code: string) {
  return useQuery({ queryKey: queueKeys.overview(code), queryFn: () => publicQueueApi(code).overview(), refetchInterval: 60_000 });
}

/**
 * The frame of the residents' queue pages (congestion, ticket status, booking): public,
 * phone-first, one column with large text; nothing of the staff shell. The kiosk and the hall
 * display have no frame at all.
 */
export function QueuePublicLayout() {
  const code = useQueueCode();
  const overview = useOverview(code);
  const city = overview.data?.municipality.name ?? '';
  useEffect(() => {
    document.documentElement.lang = 'ja';
  }, []);
  return (
    <div className="flex min-h-screen flex-col bg-solid-gray-50 text-solid-gray-900">
      <header className="border-b border-solid-gray-200 bg-white print:hidden">
        <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-2 px-4 py-3">
          <Link to="/q/$code" params={{ code }} className="text-std-20B-150 text-solid-gray-900 no-underline">
            {city ? `${city} 窓口の混雑・予約` : '窓口の混雑・予約'}
          </Link>
          <nav aria-label="窓口案内のメニュー" className="flex flex-wrap gap-x-4 gap-y-1 text-std-16N-170">
            <Link to="/q/$code" params={{ code }} className="inline-flex min-h-11 items-center text-key-900 underline underline-offset-4">
              混雑状況
            </Link>
            <Link to="/q/$code/reserve" params={{ code }} className="inline-flex min-h-11 items-center text-key-900 underline underline-offset-4">
              窓口の予約
            </Link>
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-3xl flex-1 px-4 py-6">
        <Outlet />
      </main>
      <footer className="border-t border-solid-gray-200 bg-white py-4 text-center text-dns-14N-130 text-solid-gray-700 print:hidden">
        {city ? `${city}役所` : ''}
      </footer>
    </div>
  );
}
