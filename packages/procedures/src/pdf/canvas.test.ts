import { execFileSync } from 'node:child_process';
import { PDFDict, PDFDocument, PDFName } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { Canvas } from './canvas';
import { pdfText } from './testing';

/** A table like the taxi claim's ride list: 8 cells a row, a rule under each row. */
async function table(rows: number): Promise<Uint8Array> {
  const c = await Canvas.create({ title: 'table', createdAt: new Date('2026-01-01T00:00:00Z') });
  c.text(15, 10, 180, 8, '明細', { font: 'gothic', size: 11 });
  for (let i = 0; i < rows; i++) {
    const y = 20 + i * 5.5;
    const cells = [String(i + 1), `令和8年10月${(i % 30) + 1}日`, '10:05', '山形 500 あ 11-01', `R8-${String(i % 60).padStart(4, '0')}`, '2,400', '1,000', '1,400'];
    cells.forEach((cell, k) => c.text(15 + k * 22, y, 22, 5.5, cell, { size: 7.5, align: k >= 5 ? 'right' : 'left' }));
    c.line(15, y + 5.5, 195, y + 5.5, { lineWidth: 0.15 });
  }
  return c.save();
}

/** poppler's rendering of page 1 (PGM bytes) for comparing two PDFs by their pixels. */
const pixels = (pdf: Uint8Array) => execFileSync('pdftoppm', ['-r', '72', '-gray', '-f', '1', '-l', '1', '-'], { input: pdf });

describe('Canvas text drawing', () => {
  it('registers each font once per page, whatever the number of cells', async () => {
    const doc = await PDFDocument.load(await table(40));
    const fonts = doc.getPage(0).node.Resources()!.lookup(PDFName.of('Font'), PDFDict);
    // Mincho for the cells, Gothic for the heading (pdf-lib's drawText added one entry per call: 321).
    expect(fonts.keys()).toHaveLength(2);
  });

  it('draws every cell, in order, as text a reader can extract', async () => {
    const text = pdfText(await table(40));
    expect(text).toContain('明細');
    expect(text).toContain('1 令和8年10月1日 10:05 山形 500 あ 11-01 R8-0000 2,400 1,000 1,400');
    expect(text).toContain('40 令和8年10月10日 10:05 山形 500 あ 11-01 R8-0039 2,400 1,000 1,400');
  });

  it('looks the same as text drawn with pdf-lib drawText, cell by cell', async () => {
    // The reference: the same cells through PDFPage.drawText with the canvas's positions.
    const c = await Canvas.create({ title: 'x', createdAt: new Date('2026-01-01T00:00:00Z') });
    const reference = await Canvas.create({ title: 'x', createdAt: new Date('2026-01-01T00:00:00Z') });
    const drawn: { line: string; x: number; y: number; size: number }[] = [];
    const spy = reference as unknown as { drawRun: (line: string, font: 'mincho' | 'gothic', x: number, y: number, size: number) => void; page: import('@cantoo/pdf-lib').PDFPage; fonts: Record<string, import('@cantoo/pdf-lib').PDFFont> };
    spy.drawRun = (line, font, x, y, size) => {
      drawn.push({ line, x, y, size });
      spy.page.drawText(line, { x, y, size, font: spy.fonts[font]! });
    };
    for (const canvas of [c, reference]) {
      canvas.rect(15, 18, 180, 30, { fill: true });
      canvas.text(15, 20, 60, 8, '請　求　書', { font: 'gothic', size: 18, align: 'center' });
      canvas.text(80, 20, 100, 8, '12,345円', { size: 12, align: 'right' });
      canvas.line(15, 30, 195, 30);
      canvas.text(15, 32, 180, 12, '助成金として、次のとおり請求します。明細は次のページ以降のとおりです。', { size: 11, wrap: true });
    }
    expect(drawn.length).toBeGreaterThan(2);
    expect(pixels(await c.save()).equals(pixels(await reference.save()))).toBe(true);
  });
});
