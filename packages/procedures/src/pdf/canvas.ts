import { PDFDocument, beginText, endText, grayscale, popGraphicsState, pushGraphicsState, rgb, rotateAndSkewTextRadiansAndTranslate, setFillingColor, setFontAndSize, showText } from '@cantoo/pdf-lib';
import type { PDFFont, PDFHexString, PDFName, PDFOperator, PDFPage } from '@cantoo/pdf-lib';
import * as fontkit from 'fontkit';
import { A4 } from '../layout/schema';
import { loadFontBytes } from './fonts';

export const PT_PER_MM = 72 / 25.4;
const pt = (mm: number): number => mm * PT_PER_MM;
const MIN_SIZE = 5;
const BLACK = rgb(0, 0, 0);

export type FontName = 'mincho' | 'gothic';
export type Align = 'left' | 'center' | 'right';
export type TextStyle = { font?: FontName; size: number; align?: Align; wrap?: boolean; valign?: 'top' | 'middle' };

/** Code points each font can draw; the same font files are used by every document, so this is per process. */
const coverage = new Map<FontName, Set<number>>();

/** 〓 (geta) is the customary stand-in for a character the printer cannot draw, e.g. a 外字. */
export const MISSING_GLYPH = '〓';

/** Characters that may not start a line (禁則). */
const NO_LINE_START = new Set([...'、。，．）」』】〕・ー？！ぁぃぅぇぉっゃゅょァィゥェォッャュョ']);

/**
 * A4 page with millimetre coordinates from the top-left, as form designers
 * measure paper. Text is fitted to its box: wrapped if allowed, then shrunk,
 * and never drawn outside the box.
 */
export class Canvas {
  private page: PDFPage;
  private vertical = new Map<FontName, PDFFont>();
  private advance = new Map<FontName, Map<string, number>>();
  /** Encoded text runs (glyph ids of the subset) per font: a table repeats most of its cell texts. */
  private encoded = new Map<FontName, Map<string, PDFHexString>>();
  /** The key each font has in a page's resources, registered once per page (not once per text). */
  private fontKeys = new WeakMap<PDFPage, Partial<Record<FontName, PDFName>>>();
  /** Text runs drawn since the last other drawing, written out as one text object (flushText). */
  private pendingText: { key: PDFName; size: number; x: number; y: number; hex: PDFHexString }[] = [];
  /** Characters that were replaced by 〓 because the font has no glyph for them. */
  readonly missing = new Set<string>();

  private constructor(
    readonly doc: PDFDocument,
    private readonly fonts: Record<FontName, PDFFont>,
    private readonly fontBytes: Record<FontName, Uint8Array>,
  ) {
    this.page = doc.addPage([pt(A4.width), pt(A4.height)]);
  }

  static async create(meta: { title: string; subject?: string; createdAt?: Date }): Promise<Canvas> {
    const bytes = await loadFontBytes();
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const [mincho, gothic] = await Promise.all([doc.embedFont(bytes.mincho, { subset: true }), doc.embedFont(bytes.gothic, { subset: true })]);
    doc.setTitle(meta.title, { showInWindowTitleBar: true });
    doc.setLanguage('ja-JP');
    if (meta.subject) doc.setSubject(meta.subject);
    doc.setCreator('madoguchi');
    doc.setProducer('madoguchi @madoguchi/procedures');
    const when = meta.createdAt ?? new Date();
    doc.setCreationDate(when);
    doc.setModificationDate(when);
    return new Canvas(doc, { mincho, gothic }, bytes);
  }

  addPage(): void {
    this.flushText();
    this.page = this.doc.addPage([pt(A4.width), pt(A4.height)]);
  }

  get pageCount(): number {
    return this.doc.getPageCount();
  }

  usePage(index: number): void {
    this.flushText();
    this.page = this.doc.getPage(index);
  }

  /** Height in mm that `text` takes when wrapped into width `w` at `size` pt. */
  measure(text: string, w: number, size: number, font: FontName = 'mincho'): number {
    const pad = Math.min(0.8, w * 0.05);
    return (this.breakLines(text, font, size, w - pad * 2).length * size * 1.25) / PT_PER_MM;
  }

  rect(x: number, y: number, w: number, h: number, opts: { lineWidth?: number; fill?: boolean } = {}): void {
    this.flushText();
    const lw = opts.lineWidth ?? 0.6;
    this.page.drawRectangle({
      x: pt(x), y: pt(A4.height - y - h), width: pt(w), height: pt(h),
      ...(lw > 0 ? { borderWidth: lw, borderColor: grayscale(0) } : {}),
      ...(opts.fill ? { color: grayscale(0.9) } : {}),
    });
  }

  line(x1: number, y1: number, x2: number, y2: number, opts: { lineWidth?: number; dashed?: boolean } = {}): void {
    this.flushText();
    this.page.drawLine({
      start: { x: pt(x1), y: pt(A4.height - y1) }, end: { x: pt(x2), y: pt(A4.height - y2) },
      thickness: opts.lineWidth ?? 0.4, color: grayscale(0),
      ...(opts.dashed ? { dashArray: [2, 2] } : {}),
    });
  }

  checkbox(x: number, y: number, h: number, checked: boolean): number {
    this.flushText();
    const side = Math.min(h * 0.8, 3.6);
    const top = y + (h - side) / 2;
    this.rect(x, top, side, side, { lineWidth: 0.6 });
    if (checked) {
      const p = (fx: number, fy: number): { x: number; y: number } => ({ x: pt(x + side * fx), y: pt(A4.height - (top + side * fy)) });
      this.page.drawLine({ start: p(0.18, 0.5), end: p(0.42, 0.78), thickness: 1.2, color: rgb(0, 0, 0) });
      this.page.drawLine({ start: p(0.42, 0.78), end: p(0.85, 0.15), thickness: 1.2, color: rgb(0, 0, 0) });
    }
    return side;
  }

  /** Replaces characters the font cannot draw, so nothing disappears silently from a name. */
  private printable(text: string, font: FontName): string {
    let set = coverage.get(font);
    if (!set) {
      set = new Set(this.fonts[font].getCharacterSet());
      coverage.set(font, set);
    }
    let out = '';
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0;
      // Variation selectors pick a glyph variant the subset cannot carry; the base character is printed.
      if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)) continue;
      if (set.has(cp) || /\s/.test(ch)) out += ch;
      else {
        this.missing.add(ch);
        out += MISSING_GLYPH;
      }
    }
    return out;
  }

  /** Width in mm. Per-glyph advances are cached: fontkit lays out text on every call, which dominated render time. */
  width(text: string, font: FontName, size: number): number {
    let cache = this.advance.get(font);
    if (!cache) {
      cache = new Map();
      this.advance.set(font, cache);
    }
    let units = 0;
    for (const ch of text) {
      let a = cache.get(ch);
      if (a === undefined) {
        a = this.fonts[font].widthOfTextAtSize(ch, 1000);
        cache.set(ch, a);
      }
      units += a;
    }
    return (units * size) / 1000 / PT_PER_MM;
  }

  private breakLines(text: string, font: FontName, size: number, maxW: number): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      let line = '';
      let lineW = 0;
      // Japanese has no kerning between these glyphs, so widths add up per character.
      for (const ch of paragraph) {
        const cw = this.width(ch, font, size);
        if (line !== '' && lineW + cw > maxW && !NO_LINE_START.has(ch)) {
          lines.push(line);
          line = ch;
          lineW = cw;
        } else {
          line += ch;
          lineW += cw;
        }
      }
      lines.push(line);
    }
    return lines;
  }

  /** Fits text in a box (mm) and draws it; returns the size used. */
  text(x: number, y: number, w: number, h: number, text: string, style: TextStyle): number {
    if (text === '') return style.size;
    // Without wrapping a box holds one line, so line breaks typed into a field become spaces.
    const font = style.font ?? 'mincho';
    text = this.printable(style.wrap ? text : text.replace(/\s*\n\s*/g, ' '), font);
    const pad = Math.min(0.8, w * 0.05);
    const maxW = w - pad * 2;
    let size = style.size;
    let lines: string[] = [text];
    for (;;) {
      lines = style.wrap ? this.breakLines(text, font, size, maxW) : [text];
      const widest = Math.max(...lines.map((l) => this.width(l, font, size)));
      const height = (lines.length * size * 1.25) / PT_PER_MM;
      if ((widest <= maxW && height <= h) || size <= MIN_SIZE) break;
      size = Math.max(MIN_SIZE, size - 0.5);
    }
    const lineH = (size * 1.25) / PT_PER_MM;
    const maxLines = Math.max(1, Math.floor(h / lineH));
    if (lines.length > maxLines) lines = [...lines.slice(0, maxLines - 1), `${lines.slice(maxLines - 1).join('').slice(0, 200)}`];
    const blockH = lines.length * lineH;
    const top = style.valign === 'top' ? y + 0.3 : y + (h - blockH) / 2;
    lines.forEach((line, i) => {
      let lw = this.width(line, font, size);
      let lineSize = size;
      // A last resort for overlong lines at minimum size: squeeze that line only.
      if (lw > maxW) {
        lineSize = (size * maxW) / lw;
        lw = maxW;
      }
      const lx = style.align === 'center' ? x + (w - lw) / 2 : style.align === 'right' ? x + w - pad - lw : x + pad;
      const baseline = top + i * lineH + (lineH + (lineSize * 0.72) / PT_PER_MM) / 2;
      this.drawRun(line, font, pt(lx), pt(A4.height - baseline), lineSize);
    });
    return size;
  }

  /**
   * Draws one line of text: the same text operators as PDFPage.drawText (black, no rotation), without its
   * per-call costs that dominated a table of thousands of cells — fontkit's layout of the text (the
   * encoding is cached per distinct string, so glyph choice stays exactly fontkit's) and a new font
   * entry in the page's resources for every call (one per font per page here).
   */
  private drawRun(line: string, font: FontName, x: number, y: number, size: number): void {
    let keys = this.fontKeys.get(this.page);
    if (!keys) {
      keys = {};
      this.fontKeys.set(this.page, keys);
    }
    const pdfFont = this.fonts[font];
    const key = (keys[font] ??= this.page.node.newFontDictionary(pdfFont.name, pdfFont.ref));
    let cache = this.encoded.get(font);
    if (!cache) {
      cache = new Map();
      this.encoded.set(font, cache);
    }
    let hex = cache.get(line);
    if (!hex) {
      hex = pdfFont.encodeText(line);
      cache.set(line, hex);
    }
    this.pendingText.push({ key, size, x, y, hex });
  }

  /**
   * Writes the pending runs as one text object (q BT colour, then per run font and size if they
   * change, the text matrix and the glyphs; ET Q). Each run sets its own absolute position, font and
   * size, so the page looks exactly as with one text object per run; a table row is one object.
   */
  private flushText(): void {
    if (this.pendingText.length === 0) return;
    const ops: PDFOperator[] = [pushGraphicsState(), beginText(), setFillingColor(BLACK)];
    let key: PDFName | null = null;
    let size = -1;
    for (const run of this.pendingText) {
      if (run.key !== key || run.size !== size) {
        ops.push(setFontAndSize(run.key, run.size));
        key = run.key;
        size = run.size;
      }
      ops.push(rotateAndSkewTextRadiansAndTranslate(0, 0, 0, run.x, run.y), showText(run.hex));
    }
    ops.push(endText(), popGraphicsState());
    this.pendingText = [];
    this.page.pushOperators(...ops);
  }

  /** 縦書き: one glyph per step, with the font's vertical forms (vert feature). */
  async verticalText(x: number, y: number, w: number, h: number, text: string, size: number, fontName: FontName = 'mincho'): Promise<void> {
    let font = this.vertical.get(fontName);
    if (!font) {
      font = await this.doc.embedFont(this.fontBytes[fontName], { subset: true, features: { vert: true } });
      this.vertical.set(fontName, font);
    }
    this.flushText();
    const chars = [...this.printable(text, fontName)];
    const fitted = Math.max(MIN_SIZE, Math.min(size, (h * PT_PER_MM) / (chars.length * 1.1), w * PT_PER_MM * 0.9));
    const step = (fitted * 1.1) / PT_PER_MM;
    const top = y + (h - step * chars.length) / 2;
    chars.forEach((ch, i) => {
      const cw = font.widthOfTextAtSize(ch, fitted) / PT_PER_MM;
      const baseline = top + i * step + (step + (fitted * 0.72) / PT_PER_MM) / 2;
      this.page.drawText(ch, { x: pt(x + (w - cw) / 2), y: pt(A4.height - baseline), size: fitted, font });
    });
  }

  save(): Promise<Uint8Array> {
    this.flushText();
    return this.doc.save({ useObjectStreams: true });
  }
}
