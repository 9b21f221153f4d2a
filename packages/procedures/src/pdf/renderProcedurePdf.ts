import { evaluate, isTrue } from '../expression/evaluate';
import { parsePath, resolvePath } from '../expression/path';
import { evaluateForm } from '../form/evaluateForm';
import type { FormContext, FormEvaluation } from '../form/evaluateForm';
import { formatValue } from '../layout/format';
import type { FieldElement, LayoutElement, PaperLayout, TableElement } from '../layout/schema';
import type { ProcedureDefinition } from '../schema/definition';
import type { Field, RepeaterField } from '../schema/fields';
import { Canvas } from './canvas';

export type RenderOptions = {
  /** Reference date for logic such as ages (YYYY-MM-DD). */
  today: string;
  channel?: FormContext['channel'];
  /** Fixed creation date, so the same answers give the same bytes. */
  createdAt?: Date;
};

function lookup(scope: Record<string, unknown>, path: string): unknown {
  const segs = parsePath(path);
  return segs ? resolvePath(scope, segs) : null;
}

function fieldAt(def: ProcedureDefinition, path: string): Field | null {
  const id = path.split('.')[0] ?? path;
  for (const step of def.steps) for (const f of step.fields) if (f.id === id) return path.includes('.') ? null : f;
  return null;
}

const FURIGANA_SHARE = 0.34;

async function drawElement(c: Canvas, e: LayoutElement, def: ProcedureDefinition, scope: Record<string, unknown>): Promise<void> {
  switch (e.kind) {
    case 'box':
      c.rect(e.x, e.y, e.w, e.h, { lineWidth: e.lineWidth, fill: e.fill === 'shade' });
      return;
    case 'line':
      c.line(e.x1, e.y1, e.x2, e.y2, { lineWidth: e.lineWidth, dashed: e.dashed });
      return;
    case 'text':
      if (e.vertical) await c.verticalText(e.x, e.y, e.w, e.h, e.text, e.size, e.font);
      else c.text(e.x, e.y, e.w, e.h, e.text, { font: e.font, size: e.size, align: e.align, wrap: true });
      return;
    case 'checkbox': {
      const side = c.checkbox(e.x, e.y, e.h, isTrue(evaluate(e.checked, scope)));
      c.text(e.x + side + 0.8, e.y, e.w - side - 0.8, e.h, e.label, { size: e.size });
      return;
    }
    case 'field':
      await drawField(c, e, def, scope);
      return;
    case 'table':
      drawTable(c, e, def, scope);
      return;
  }
}

function valueText(def: ProcedureDefinition, scope: Record<string, unknown>, e: FieldElement): string {
  const raw = e.bind !== undefined ? lookup(scope, e.bind) : e.value !== undefined ? evaluate(e.value, scope) : null;
  return formatValue(raw, e.format, e.bind !== undefined ? fieldAt(def, e.bind) : null);
}

async function drawField(c: Canvas, e: FieldElement, def: ProcedureDefinition, scope: Record<string, unknown>): Promise<void> {
  const text = valueText(def, scope, e);
  let top = e.y;
  let h = e.h;
  if (e.furigana !== undefined) {
    const fh = Math.min(e.h * FURIGANA_SHARE, 4.2);
    c.text(e.x, e.y, e.w, fh, formatValue(lookup(scope, e.furigana), 'text', null), { size: Math.min(6.5, e.size * 0.6), align: e.align });
    top += fh;
    h -= fh;
  }
  if (e.vertical) await c.verticalText(e.x, top, e.w, h, text, e.size, e.font);
  else c.text(e.x, top, e.w, h, text, { font: e.font, size: e.size, align: e.align, wrap: e.wrap });
}

function drawTable(c: Canvas, t: TableElement, def: ProcedureDefinition, scope: Record<string, unknown>): void {
  const repeater = def.steps.flatMap((s) => s.fields).find((f): f is RepeaterField => f.type === 'repeater' && f.id === t.repeater) ?? null;
  const items = lookup(scope, t.repeater);
  const rows = Array.isArray(items) ? items : [];
  const width = t.columns.reduce((s, col) => s + col.w, 0);
  c.rect(t.x, t.y, width, t.headerHeight, { fill: true, lineWidth: 0.6 });
  let x = t.x;
  for (const col of t.columns) {
    c.rect(x, t.y, col.w, t.headerHeight + t.rows * t.rowHeight, { lineWidth: 0.6 });
    c.text(x, t.y, col.w, t.headerHeight, col.header, { font: 'gothic', size: t.headerSize, align: 'center' });
    x += col.w;
  }
  for (let r = 0; r < t.rows; r++) {
    const y = t.y + t.headerHeight + r * t.rowHeight;
    c.line(t.x, y, t.x + width, y, { lineWidth: 0.4 });
    const item = rows[r];
    if (item === undefined) continue;
    const itemScope = { ...scope, $item: item };
    let cx = t.x;
    for (const col of t.columns) {
      let top = y;
      let h = t.rowHeight;
      if (col.furigana !== undefined) {
        const fh = Math.min(h * FURIGANA_SHARE, 4);
        c.line(cx + 1, y + fh, cx + col.w - 1, y + fh, { lineWidth: 0.2, dashed: true });
        c.text(cx, y, col.w, fh, formatValue(lookup(itemScope, `$item.${col.furigana}`), 'text', null), { size: Math.min(6.5, col.size * 0.65), align: col.align });
        top += fh;
        h -= fh;
      }
      const field = repeater?.fields.find((f) => f.id === col.bind.split('.')[0]) ?? null;
      const shown = formatValue(lookup(itemScope, `$item.${col.bind}`), col.format, field);
      c.text(cx, top, col.w, h, shown, { size: col.size, align: col.align });
      cx += col.w;
    }
  }
  if (rows.length > t.rows) {
    const y = t.y + t.headerHeight + t.rows * t.rowHeight;
    c.text(t.x, y, width, 4, `※ このほか${rows.length - t.rows}人は別紙に記載`, { size: 7 });
  }
}

export type RenderedForm = {
  pdf: Uint8Array;
  evaluation: FormEvaluation;
  /** Characters the fonts cannot draw (外字, emoji); printed as 〓 so staff can complete them by hand. */
  missingCharacters: string[];
};

/**
 * The official paper form for one case: the answers are evaluated with the
 * same logic as on screen (hidden fields drop out, kana and dates normalised,
 * computed values filled) and printed into the layout.
 */
export async function renderProcedureForm(def: ProcedureDefinition, layout: PaperLayout, answers: Record<string, unknown>, opts: RenderOptions): Promise<RenderedForm> {
  const context: FormContext = { today: opts.today, channel: opts.channel ?? 'counter' };
  const evaluation = evaluateForm(def, answers, context);
  const scope: Record<string, unknown> = { ...evaluation.values, $context: context };
  const canvas = await Canvas.create({ title: layout.title, subject: def.title, ...(opts.createdAt ? { createdAt: opts.createdAt } : {}) });
  // Frames first, so printed text always sits on top of lines and shading.
  const ordered = [...layout.elements].sort((a, b) => Number(a.kind !== 'box') - Number(b.kind !== 'box'));
  for (const e of ordered) await drawElement(canvas, e, def, scope);
  return { pdf: await canvas.save(), evaluation, missingCharacters: [...canvas.missing] };
}

export async function renderProcedurePdf(def: ProcedureDefinition, layout: PaperLayout, answers: Record<string, unknown>, opts: RenderOptions): Promise<Uint8Array> {
  return (await renderProcedureForm(def, layout, answers, opts)).pdf;
}
