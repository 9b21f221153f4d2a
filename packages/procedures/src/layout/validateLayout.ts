import { error, joinPath, warning } from '../definition/issues';
import type { Issue } from '../definition/issues';
import { analyzeExpression } from '../expression/analyze';
import { resolveUse } from '../form/model';
import type { FieldEntry } from '../form/model';
import type { Field } from '../schema/fields';
import { A4 } from './schema';
import type { LayoutElement, PaperLayout } from './schema';

type Rect = { x: number; y: number; w: number; h: number };

/** Printers cannot reach the paper's very edge. */
const PRINTABLE_MARGIN = 4;
const EPS = 0.05;
const MM_PER_PT = 25.4 / 72;

export function elementRect(e: LayoutElement): Rect {
  if (e.kind === 'line') return { x: Math.min(e.x1, e.x2), y: Math.min(e.y1, e.y2), w: Math.abs(e.x2 - e.x1), h: Math.abs(e.y2 - e.y1) };
  if (e.kind === 'table') return { x: e.x, y: e.y, w: e.columns.reduce((s, c) => s + c.w, 0), h: e.headerHeight + e.rows * e.rowHeight };
  return { x: e.x, y: e.y, w: e.w, h: e.h };
}

function describe(e: LayoutElement, i: number): string {
  const what = e.kind === 'text' ? `文字「${e.text.slice(0, 12)}」` : e.kind === 'field' ? `項目「${e.bind ?? '計算値'}」` : e.kind === 'checkbox' ? `チェック欄「${e.label}」` : e.kind === 'table' ? `表「${e.repeater}」` : e.kind === 'box' ? '枠' : '線';
  return `elements[${i}]（${what}）`;
}

/** Rough width of text in mm: full-width glyphs are 1em, ASCII about half. */
export function estimateTextWidth(text: string, sizePt: number): number {
  let em = 0;
  for (const ch of text) em += ch.charCodeAt(0) < 0x2000 ? 0.55 : 1;
  return em * sizePt * MM_PER_PT;
}

const isContent = (e: LayoutElement): boolean => e.kind === 'text' || e.kind === 'field' || e.kind === 'checkbox' || e.kind === 'table';

/**
 * Geometry and binding checks, run at publish: nothing may leave the page,
 * printed contents may not overlap, and every binding must name a field.
 * Frames and rules (box, line) are decoration and may cross anything.
 */
export function validateLayout(layout: PaperLayout, fields: Map<string, FieldEntry> | null, base = 'layout'): Issue[] {
  const issues: Issue[] = [];
  const at = (i: number, key?: string): string => {
    const p = joinPath(joinPath(base, 'elements'), i);
    return key ? joinPath(p, key) : p;
  };

  layout.elements.forEach((e, i) => {
    const r = elementRect(e);
    const name = describe(e, i);
    const over: string[] = [];
    if (r.x < 0) over.push(`左端を${(-r.x).toFixed(1)}mm`);
    if (r.y < 0) over.push(`上端を${(-r.y).toFixed(1)}mm`);
    if (r.x + r.w > A4.width) over.push(`右端を${(r.x + r.w - A4.width).toFixed(1)}mm`);
    if (r.y + r.h > A4.height) over.push(`下端を${(r.y + r.h - A4.height).toFixed(1)}mm`);
    if (over.length > 0) {
      issues.push(error('LAYOUT-OFF-PAGE', at(i), `${name}がA4用紙の${over.join('、')}はみ出しています。位置か大きさを直してください。`));
    } else if (r.x < PRINTABLE_MARGIN || r.y < PRINTABLE_MARGIN || r.x + r.w > A4.width - PRINTABLE_MARGIN || r.y + r.h > A4.height - PRINTABLE_MARGIN) {
      issues.push(warning('LAYOUT-MARGIN', at(i), `${name}が用紙の端から${PRINTABLE_MARGIN}mm以内にあり、印刷されないおそれがあります。内側に寄せてください。`));
    }
    if (e.kind === 'text') {
      const lines = e.text.split('\n');
      const need = e.vertical ? [...e.text].length * e.size * MM_PER_PT : Math.max(...lines.map((l) => estimateTextWidth(l, e.size)));
      const room = e.vertical ? e.h : e.w;
      const tooTall = !e.vertical && lines.length * e.size * 1.25 * MM_PER_PT > e.h * 1.15;
      if (need > room * 1.15 || tooTall) issues.push(warning('LAYOUT-TEXT-TOO-LONG', at(i), `${name}は${e.size}ptでは枠に収まらず、小さく縮めて印字されます。枠を広げるか文字を短くしてください。`));
    }
    if (e.kind === 'field' && (e.bind === undefined) === (e.value === undefined)) {
      issues.push(error('LAYOUT-BINDING', at(i), `${name}には bind（項目）か value（計算式）のどちらか一方を指定してください。`));
    }
  });

  const content = layout.elements.map((e, i) => ({ e, i, r: elementRect(e) })).filter((x) => isContent(x.e));
  for (let a = 0; a < content.length; a++) {
    for (let b = a + 1; b < content.length; b++) {
      const A = content[a]!;
      const B = content[b]!;
      const ox = Math.min(A.r.x + A.r.w, B.r.x + B.r.w) - Math.max(A.r.x, B.r.x);
      const oy = Math.min(A.r.y + A.r.h, B.r.y + B.r.h) - Math.max(A.r.y, B.r.y);
      if (ox > EPS && oy > EPS) {
        issues.push(error('LAYOUT-OVERLAP', at(B.i), `${describe(B.e, B.i)}が${describe(A.e, A.i)}と重なっています（${ox.toFixed(1)}mm × ${oy.toFixed(1)}mm）。どちらかを動かしてください。`));
      }
    }
  }

  if (fields) issues.push(...checkBindings(layout, fields, at));
  return issues;
}

function checkBindings(layout: PaperLayout, fields: Map<string, FieldEntry>, at: (i: number, key?: string) => string): Issue[] {
  const issues: Issue[] = [];
  const unknown = (path: string, where: string): Issue =>
    error('LAYOUT-UNKNOWN-FIELD', where, `様式が参照する項目「${path}」が手続きの定義にありません。項目IDを確かめてください。`);
  const bindTarget = (path: string, repeater: Field | null, where: string): Field | null => {
    const use = { path: repeater ? `$item.${path}` : path, at: where, insideItemScope: false };
    const t = resolveUse(use, fields, repeater && repeater.type === 'repeater' ? repeater : null);
    if (t.kind === 'unknown') {
      issues.push(unknown(path, where));
      return null;
    }
    if (t.kind === 'field') return fields.get(t.id)?.field ?? null;
    if (t.kind === 'child') {
      const rep = fields.get(t.repeater)?.field;
      return rep?.type === 'repeater' ? (rep.fields.find((f) => f.id === t.id) ?? null) : null;
    }
    return null;
  };
  const checkFormat = (format: string, target: Field | null, where: string): void => {
    if (format === 'choiceLabel' && target && target.type !== 'choice') {
      issues.push(error('LAYOUT-BAD-FORMAT', where, `表示形式 choiceLabel は選択肢の項目にだけ使えます（「${target.id}」は${target.type}です）。`));
    }
  };
  layout.elements.forEach((e, i) => {
    if (e.kind === 'field') {
      if (e.bind !== undefined) checkFormat(e.format, bindTarget(e.bind, null, at(i, 'bind')), at(i, 'format'));
      if (e.furigana !== undefined) bindTarget(e.furigana, null, at(i, 'furigana'));
      if (e.value !== undefined) checkExpr(e.value, at(i, 'value'));
    }
    if (e.kind === 'checkbox') checkExpr(e.checked, at(i, 'checked'));
    if (e.kind === 'table') {
      const rep = fields.get(e.repeater)?.field;
      if (!rep || rep.type !== 'repeater') {
        issues.push(error('LAYOUT-UNKNOWN-FIELD', at(i, 'repeater'), `表が参照する繰り返し項目「${e.repeater}」が定義にありません。繰り返し項目のIDを指定してください。`));
        return;
      }
      e.columns.forEach((c, ci) => {
        const where = joinPath(joinPath(at(i), 'columns'), ci);
        checkFormat(c.format, bindTarget(c.bind, rep, joinPath(where, 'bind')), joinPath(where, 'format'));
        if (c.furigana !== undefined) bindTarget(c.furigana, rep, joinPath(where, 'furigana'));
      });
    }
  });
  function checkExpr(expr: Parameters<typeof analyzeExpression>[0], where: string): void {
    const { uses, issues: exprIssues } = analyzeExpression(expr, where);
    issues.push(...exprIssues);
    for (const u of uses) if (resolveUse(u, fields, null).kind === 'unknown') issues.push(unknown(u.path, u.at));
  }
  return issues;
}
