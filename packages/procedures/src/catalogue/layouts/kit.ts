import type { Expression } from '../../expression/ast';
import type { PaperLayoutInput } from '../../layout/schema';

/*
 * Building blocks for the shipped paper layouts. They only compute
 * coordinates; the output is plain layout data, validated like any other.
 */
type El = PaperLayoutInput['elements'][number];
type Format = 'text' | 'wareki' | 'postalCode' | 'yen' | 'choiceLabel';

export const LEFT = 12;
export const RIGHT = 198;
export const WIDTH = RIGHT - LEFT;

export const shade = (x: number, y: number, w: number, h: number): El => ({ kind: 'box', x, y, w, h, fill: 'shade', lineWidth: 0.6 });
export const frame = (x: number, y: number, w: number, h: number, lineWidth = 0.6): El => ({ kind: 'box', x, y, w, h, lineWidth });
export const label = (x: number, y: number, w: number, h: number, text: string, size = 9): El => ({ kind: 'text', x, y, w, h, text, font: 'gothic', size, align: 'center' });

export function header(title: string, options: { dateLabel?: string; dateBind?: string; titleSize?: number } = {}): El[] {
  const today: Expression = { op: 'today', args: [] };
  return [
    { kind: 'text', x: LEFT, y: 21, w: 40, h: 6, text: '尾花沢市長　あて', size: 10 },
    { kind: 'text', x: 40, y: 8, w: 130, h: 11, text: title, font: 'gothic', size: options.titleSize ?? 18, align: 'center' },
    frame(130, 20, RIGHT - 130, 8),
    shade(130, 20, 18, 8),
    label(130, 20, 18, 8, options.dateLabel ?? '申請日'),
    options.dateBind
      ? { kind: 'field', x: 148.5, y: 20.5, w: 49, h: 7, bind: options.dateBind, format: 'wareki', size: 10, align: 'center' }
      : { kind: 'field', x: 148.5, y: 20.5, w: 49, h: 7, value: today, format: 'wareki', size: 10, align: 'center' },
  ];
}

export type Cell = {
  label: string;
  /** Total width of label + value, in mm. */
  w: number;
  labelW?: number;
  bind?: string;
  value?: Expression;
  format?: Format;
  furigana?: string;
  size?: number;
  wrap?: boolean;
  labelSize?: number;
};

/** One row of labelled cells across the page; widths must add up to the page width. */
export function row(y: number, h: number, cells: Cell[]): El[] {
  const out: El[] = [frame(LEFT, y, WIDTH, h)];
  let x = LEFT;
  for (const c of cells) {
    const lw = c.labelW ?? 22;
    out.push(shade(x, y, lw, h), label(x, y, lw, h, c.label, c.labelSize ?? 9));
    const field: El = {
      kind: 'field', x: x + lw + 0.5, y: y + 0.5, w: c.w - lw - 1, h: h - 1,
      ...(c.bind !== undefined ? { bind: c.bind } : {}),
      ...(c.value !== undefined ? { value: c.value } : {}),
      ...(c.furigana !== undefined ? { furigana: c.furigana } : {}),
      format: c.format ?? 'text', size: c.size ?? 10, wrap: c.wrap ?? false,
    };
    out.push(field);
    if (x > LEFT) out.push({ kind: 'line', x1: x, y1: y, x2: x, y2: y + h, lineWidth: 0.6 });
    x += c.w;
  }
  return out;
}

export type Option = { label: string; w: number; checked: Expression };

export function checkRow(y: number, h: number, title: string, options: Option[], labelW = 30): El[] {
  const out: El[] = [frame(LEFT, y, WIDTH, h), shade(LEFT, y, labelW, h), label(LEFT, y, labelW, h, title)];
  let x = LEFT + labelW + 2;
  for (const o of options) {
    out.push({ kind: 'checkbox', x, y: y + 0.5, w: o.w, h: h - 1, label: o.label, size: 9, checked: o.checked });
    x += o.w + 1;
  }
  return out;
}

export type Column = { header: string; w: number; bind: string; format?: Format; furigana?: string; size?: number; align?: 'left' | 'center' | 'right' };

/** A repeater table with a vertical side heading, as on most municipal forms. */
export function table(y: number, side: string, repeater: string, rows: number, rowHeight: number, columns: Column[]): El[] {
  const headerHeight = 7;
  const h = headerHeight + rows * rowHeight;
  return [
    shade(LEFT, y, 8, h),
    { kind: 'text', x: LEFT, y, w: 8, h, text: side, font: 'gothic', size: 10, vertical: true },
    { kind: 'table', x: LEFT + 8, y, repeater, rows, rowHeight, headerHeight, headerSize: 8, columns: columns.map((c) => ({ ...c, format: c.format ?? 'text', size: c.size ?? 10, align: c.align ?? 'left' })) },
  ];
}

/** 職員記入欄: identity documents seen, and stamp boxes. */
export function staffBlock(y: number, stamps: string[] = ['受付', '審査', '入力', '決裁']): El[] {
  const identity = (value: string): Expression => ({ op: 'contains', args: [{ var: 'identityDocuments' }, value] });
  const stampX = RIGHT - stamps.length * 14.5;
  return [
    { kind: 'line', x1: LEFT, y1: y - 2, x2: RIGHT, y2: y - 2, lineWidth: 0.3, dashed: true },
    frame(LEFT, y, WIDTH, 26),
    shade(LEFT, y, WIDTH, 6),
    label(LEFT, y, WIDTH, 6, '職員記入欄', 9),
    shade(LEFT, y + 6, 24, 20),
    label(LEFT, y + 6, 24, 20, '本人確認'),
    { kind: 'checkbox', x: 38, y: y + 7, w: 40, h: 6, label: 'マイナンバーカード', size: 9, checked: identity('myNumberCard') },
    { kind: 'checkbox', x: 80, y: y + 7, w: 28, h: 6, label: '運転免許証', size: 9, checked: identity('driverLicense') },
    { kind: 'checkbox', x: 38, y: y + 14, w: 40, h: 6, label: '資格確認書・保険証', size: 9, checked: identity('insuranceCard') },
    { kind: 'checkbox', x: 80, y: y + 14, w: 28, h: 6, label: 'その他', size: 9, checked: identity('other') },
    ...stamps.flatMap((t, i) => {
      const x = stampX + i * 14.5;
      return [shade(x, y + 6, 14.5, 5), label(x, y + 6, 14.5, 5, t, 8), frame(x, y + 6, 14.5, 20, 0.4)];
    }),
  ];
}

export function notes(y: number, lines: string[]): El[] {
  return lines.map((text, i) => ({ kind: 'text' as const, x: LEFT, y: y + i * 5, w: WIDTH, h: 5, text: `・${text}`, size: 8 }));
}

export function footer(text: string): El {
  return { kind: 'text', x: LEFT, y: 286, w: WIDTH, h: 5, text, size: 7, align: 'center' };
}

export function signatureRow(y: number, h = 12): El[] {
  const signed: Expression = {
    op: 'if', args: [
      { op: 'eq', args: [{ var: 'signature.method' }, 'jpki'] }, '署名用電子証明書で電子署名済み',
      { op: 'if', args: [{ op: 'isPresent', args: [{ var: 'signature.ref' }] }, 'タブレットに署名済み', ''] },
    ],
  };
  return row(y, h, [{ label: '署名', w: WIDTH, value: signed, size: 10 }]);
}
