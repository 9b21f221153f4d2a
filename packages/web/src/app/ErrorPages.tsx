import { Link, useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { Button, buttonClasses } from '../components/Button';
import { ErrorAlert } from '../components/ErrorAlert';
import { usePageTitle } from './usePageTitle';

function BackToSearch() {
  return (
    <Link to="/residents" className={buttonClasses('secondary')}>
      住民検索へ戻る
    </Link>
  );
}

/** Inside the staff layout, so the menu stays usable; the root versions add their own <main>. */
export function RouteNotFound() {
  usePageTitle('ページが見つかりません');
  return (
    <div className="flex max-w-2xl flex-col gap-6">
      <h1 className="text-std-28B-150">ページが見つかりません</h1>
      <p className="text-std-16N-170">
        アドレスが間違っているか、ページが移動した可能性があります。メニューから操作をやり直してください。
      </p>
      <div>
        <BackToSearch />
      </div>
    </div>
  );
}

export function RouteError({ error, reset }: ErrorComponentProps) {
  usePageTitle('エラー');
  const router = useRouter();
  const retry = () => {
    reset();
    // Loading again means running the route's checks and data reads again, not just re-rendering.
    void router.invalidate();
  };
  return (
    <div className="flex max-w-2xl flex-col gap-6">
      <h1 className="text-std-28B-150">画面を表示できませんでした</h1>
      <ErrorAlert error={error} />
      <div className="flex flex-wrap gap-3">
        <Button onClick={retry}>もう一度読み込む</Button>
        <BackToSearch />
      </div>
    </div>
  );
}

function StandaloneMain({ children }: { children: ReactNode }) {
  return (
    <main id="main" tabIndex={-1} className="mx-auto max-w-2xl px-6 py-12">
      {children}
    </main>
  );
}

export function NotFoundPage() {
  return (
    <StandaloneMain>
      <RouteNotFound />
    </StandaloneMain>
  );
}

export function ErrorPage(props: ErrorComponentProps) {
  return (
    <StandaloneMain>
      <RouteError {...props} />
    </StandaloneMain>
  );
}
