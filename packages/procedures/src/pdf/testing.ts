import { execFileSync } from 'node:child_process';

/** Text as a reader would get it (poppler's pdftotext), whitespace collapsed. */
export function pdfText(pdf: Uint8Array): string {
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString('utf8').replace(/[\s\u3000]+/g, ' ');
}

export function pdfFonts(pdf: Uint8Array): string {
  return execFileSync('pdffonts', ['-'], { input: pdf }).toString('utf8');
}
