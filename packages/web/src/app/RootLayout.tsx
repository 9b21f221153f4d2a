import { Outlet } from '@tanstack/react-router';

export function RootLayout() {
  return (
    <>
      <a
        href="#main"
        className="sr-only z-50 rounded-8 bg-white px-4 py-3 text-std-16B-170 text-key-900 focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
      >
        本文へ移動
      </a>
      <Outlet />
    </>
  );
}
