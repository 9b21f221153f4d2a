// fontkit 2 ships no type declarations; pdf-lib only needs `create`.
declare module 'fontkit' {
  import type { Fontkit } from '@cantoo/pdf-lib';
  export const create: Fontkit['create'];
}
