import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** BIZ UD fonts (OFL) from npm: Mincho for form text, Gothic Bold for headings. */
export const FONT_FILES = {
  mincho: '@expo-google-fonts/biz-udmincho/400Regular/BIZUDMincho_400Regular.ttf',
  gothic: '@expo-google-fonts/biz-udgothic/700Bold/BIZUDGothic_700Bold.ttf',
} as const;

export type FontBytes = { mincho: Uint8Array; gothic: Uint8Array };

let cached: Promise<FontBytes> | null = null;

/** Reads the two font files once per process; warm renders reuse the bytes. */
export function loadFontBytes(): Promise<FontBytes> {
  cached ??= Promise.all([readFile(require.resolve(FONT_FILES.mincho)), readFile(require.resolve(FONT_FILES.gothic))]).then(([mincho, gothic]) => ({
    mincho: new Uint8Array(mincho),
    gothic: new Uint8Array(gothic),
  }));
  return cached;
}

/** For cold-start measurements only. */
export function forgetFontBytes(): void {
  cached = null;
}
