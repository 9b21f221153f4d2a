import { Link, type ErrorComponentProps } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { Button, buttonClasses } from '../components/Button';
import { ErrorAlert } from '../components/ErrorAlert';
import { usePageTitle } from './usePageTitle';

function Centered({ children }: { children: ReactNode }) {
  return (
    <main id="main" tabIndex={-1} className="mx-auto flex max-w-2xl flex-col gap-6 px-6 py-12">
      {children}
    </main>
  );
}

export function NotFoundPage() {
  usePageTitle('ページが見つかりません');
  return (
    <Centered>
      <h1 className="text-std-28B-150">ページが見つかりません</h1>
      <p className="text-std-16N-170">
        アドレスが間違っているか、ページが移動した可能性があります。住民検索の画面から操作をやり直してください。
      </p>
      <div>
        <Link to="/residents" className={buttonClasses('primary')}>
          住民検索へ戻る
        </Link>
      </div>
    </Centered>
  );
}

export function ErrorPage({ error, reset }: ErrorComponentProps) {
  usePageTitle('エラー');
  return (
    <Centered>
      <h1 className="text-std-28B-150">画面を表示できませんでした</h1>
      <ErrorAlert error={error} />
      <div className="flex flex-wrap gap-3">
        <Button onClick={reset}>もう一度読み込む</Button>
        <Link to="/residents" className={buttonClasses('secondary')}>
          住民検索へ戻る
        </Link>
      </div>
    </Centered>
  );
}
