import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useApi } from '../api/ApiProvider';
import type { Me } from '../api/types';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { roleLabels } from '../lib/labels';
import { meQueryKey, useMe } from './auth';
import { counterItems } from './counterNavigation';
import { navigationFor } from './navigation';
import { needsTotpSetup } from './roles';

function AccountMenu({ me }: { me: Me }) {
  const [open, setOpen] = useState(false);
  const detailsRef = useRef<HTMLDetailsElement>(null);
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  useEffect(() => setOpen(false), [pathname]);
  // A <details> menu stays open on its own; close it like other menus, on Escape or a tap elsewhere.
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      detailsRef.current?.querySelector('summary')?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (!detailsRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);
  const roles = me.roles.map((role) => roleLabels[role]).join('・');
  return (
    <details
      ref={detailsRef}
      className="relative"
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary className="flex min-h-12 cursor-pointer list-none items-center gap-2 rounded-8 px-3 hover:bg-solid-gray-50 [&::-webkit-details-marker]:hidden">
        <span className="flex flex-col text-right">
          <span className="text-std-16B-170">{me.displayName}</span>
          <span className="text-dns-14N-130 text-solid-gray-700">{roles}</span>
        </span>
        <span aria-hidden="true" className="text-solid-gray-700">
          ▾
        </span>
        <span className="sr-only">アカウントのメニュー</span>
      </summary>
      <ul className="absolute right-0 z-20 mt-1 flex w-64 flex-col rounded-8 border border-solid-gray-300 bg-white p-2 shadow-2">
        <li>
          <Link to="/account/password" className="flex min-h-12 items-center rounded-6 px-3 text-std-16N-170 text-key-900 underline hover:bg-key-50">
            パスワードを変更する
          </Link>
        </li>
        <li>
          <Link to="/account/totp" className="flex min-h-12 items-center rounded-6 px-3 text-std-16N-170 text-key-900 underline hover:bg-key-50">
            二段階認証の設定
          </Link>
        </li>
      </ul>
    </details>
  );
}

function LogoutButton() {
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const logout = async () => {
    setBusy(true);
    try {
      await api.auth.logout();
    } catch {
      // Leaving the screen matters more than the reply: the server session expires on its own.
    }
    // Nothing about residents may stay in memory for the next person at this tablet.
    queryClient.clear();
    queryClient.setQueryData(meQueryKey, null);
    await navigate({ to: '/login', search: {} });
  };
  return (
    <Button variant="secondary" size="sm" busy={busy} busyLabel="ログアウト中…" onClick={() => void logout()}>
      ログアウト
    </Button>
  );
}

function MainNavigation({ me }: { me: Me }) {
  const items = [...counterItems(me.roles), ...navigationFor(me.roles)];
  return (
    <nav aria-label="メインメニュー" className="border-b border-solid-gray-300 bg-white">
      <ul className="mx-auto flex max-w-screen-xl flex-wrap gap-1 px-4">
        {items.map((item) => (
          <li key={item.to}>
            <Link
              to={item.to}
              className="flex min-h-12 items-center border-b-4 border-transparent px-4 text-std-16B-170 text-solid-gray-800 hover:bg-key-50 hover:text-key-900"
              activeProps={{ className: 'border-key-900! text-key-900!', 'aria-current': 'page' }}
            >
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Moves focus to the main region after in-app navigation, as a full page load would. */
function useFocusMainOnNavigation(mainRef: RefObject<HTMLElement | null>) {
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [pathname, mainRef]);
}

export function StaffLayout() {
  const me = useMe();
  const mainRef = useRef<HTMLElement>(null);
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  useFocusMainOnNavigation(mainRef);
  if (!me) return null;
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-solid-gray-200 bg-white">
        <div className="mx-auto flex max-w-screen-xl flex-wrap items-center justify-between gap-3 px-6 py-2">
          <p className="flex flex-col">
            <span className="text-std-20B-150 text-solid-gray-900">
              {me.municipality.prefecture} {me.municipality.name}
            </span>
            <span className="text-dns-14N-130 text-solid-gray-700">窓口支援システム</span>
          </p>
          <div className="flex items-center gap-3">
            <AccountMenu me={me} />
            <LogoutButton />
          </div>
        </div>
      </header>
      <MainNavigation me={me} />
      <main ref={mainRef} id="main" tabIndex={-1} className="mx-auto w-full max-w-screen-xl flex-1 px-6 py-6">
        {needsTotpSetup(me) && pathname !== '/account/totp' ? (
          <Alert variant="warning" title="二段階認証を設定してください" className="mb-6">
            <p>
              管理者のアカウントは、パスワードに加えて認証アプリの確認コードでログインする必要があります。設定が終わるまで、職員管理・監査ログ・住民データ取込は使えません。
            </p>
            <Link to="/account/totp" className="mt-2 inline-flex min-h-11 items-center text-std-16B-170 text-key-900 underline">
              二段階認証を設定する
            </Link>
          </Alert>
        ) : null}
        <Outlet />
      </main>
    </div>
  );
}
