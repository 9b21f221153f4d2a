import { useEffect } from 'react';

export const APP_NAME = '窓口支援システム';

/** Each screen names itself in the tab title, which screen readers announce after navigation. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} | ${APP_NAME}`;
  }, [title]);
}
