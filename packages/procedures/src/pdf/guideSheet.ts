import { formatWareki } from '../jp/adapter';
import type { Navigation, Proposal } from '../navigator/navigate';
import { LIFE_EVENT_LABELS } from '../navigator/schema';
import type { LifeEvent } from '../navigator/schema';
import { Canvas } from './canvas';

export type GuideSheetInput = {
  /** e.g. 「尾花 健一」; printed as 「尾花 健一 様の世帯」. */
  householderName: string;
  event: LifeEvent;
  navigation: Navigation;
  municipalityName: string;
  /** Where the sheet was issued, e.g. 「市民税務課 1番窓口」. */
  issuedBy: string;
  /** Procedures already finished at this visit; they are not listed again. */
  completedProcedureIds?: readonly string[];
};

export type GuideSheetOptions = { today: string; createdAt?: Date };

const LEFT = 14;
const WIDTH = 182;
const BOTTOM = 280;
const BODY = 9;

type Block = { proposal: Proposal; index: number; reasons: string; bring: string; deadline: string; height: number };

function blockLines(c: Canvas, p: Proposal, index: number): Block {
  const reasons = p.reasons.map((r) => r.text).join('\n');
  const bring = p.bring.length > 0 ? p.bring.map((b) => `・${b}`).join('\n') : '・特にありません';
  const deadline = p.deadline ?? '—';
  const textW = WIDTH - 26;
  const height = 9 + [reasons, bring, deadline].reduce((h, t) => h + Math.max(6, c.measure(t, textW, BODY) + 2), 0) + 1;
  return { proposal: p, index, reasons, bring, deadline, height };
}

function drawBlock(c: Canvas, b: Block, y: number): void {
  const p = b.proposal;
  c.rect(LEFT, y, WIDTH, b.height, { lineWidth: 0.6 });
  c.rect(LEFT, y, WIDTH, 9, { fill: true, lineWidth: 0.6 });
  c.checkbox(LEFT + 2, y, 9, false);
  c.text(LEFT + 7, y, 10, 9, `${b.index}`, { font: 'gothic', size: 11, align: 'center' });
  c.text(LEFT + 17, y, 100, 9, p.title, { font: 'gothic', size: 11 });
  const where = p.department ? `${p.department.floor} ${p.department.desk}　${p.department.name}` : '窓口は職員にお尋ねください';
  c.text(LEFT + 117, y, WIDTH - 118, 9, where, { font: 'gothic', size: 10, align: 'right' });
  let cy = y + 9;
  for (const [label, text] of [['理由', b.reasons], ['持ち物', b.bring], ['期限', b.deadline]] as const) {
    const h = Math.max(6, c.measure(text, WIDTH - 26, BODY) + 2);
    c.text(LEFT + 1, cy, 22, h, label, { font: 'gothic', size: 8.5, align: 'center' });
    c.line(LEFT + 24, cy, LEFT + 24, cy + h, { lineWidth: 0.3 });
    c.text(LEFT + 25, cy, WIDTH - 26, h, text, { size: BODY, wrap: true });
    cy += h;
    if (label !== '期限') c.line(LEFT, cy, LEFT + WIDTH, cy, { lineWidth: 0.2, dashed: true });
  }
}

function deskNumber(text: string | undefined): number {
  const m = /\d+/.exec(text ?? '');
  return m ? Number(m[0]) : Number.MAX_SAFE_INTEGER;
}

function byCounter(a: Proposal, b: Proposal): number {
  return (
    deskNumber(a.department?.floor) - deskNumber(b.department?.floor) ||
    deskNumber(a.department?.desk) - deskNumber(b.department?.desk) ||
    a.priority - b.priority
  );
}

/**
 * The order to walk the counters in: floor by floor, desk by desk, so nobody
 * walks back and forth. A 届出 the others depend on (the navigator's first
 * proposal when its priority is strictly the lowest) stays first.
 */
export function routeOrder(proposals: readonly Proposal[]): Proposal[] {
  const [first, ...rest] = proposals;
  if (!first) return [];
  const leads = rest.every((p) => first.priority < p.priority);
  return leads ? [first, ...rest.sort(byCounter)] : [...proposals].sort(byCounter);
}

/**
 * 手続き案内書: every remaining procedure for the household and life event,
 * with where to go, what to bring and why it applies.
 */
export async function renderGuideSheetPdf(input: GuideSheetInput, opts: GuideSheetOptions): Promise<Uint8Array> {
  const c = await Canvas.create({ title: '手続き案内書', subject: `${LIFE_EVENT_LABELS[input.event.kind]}の手続き案内`, ...(opts.createdAt ? { createdAt: opts.createdAt } : {}) });
  const done = new Set(input.completedProcedureIds ?? []);
  const remaining = routeOrder(input.navigation.proposals.filter((p) => !done.has(p.procedureId)));
  const finished = input.navigation.proposals.filter((p) => done.has(p.procedureId));

  c.text(LEFT, 10, WIDTH, 11, '手続き案内書', { font: 'gothic', size: 20, align: 'center' });
  c.text(LEFT, 23, WIDTH, 7, `${input.householderName} 様の世帯　／　${LIFE_EVENT_LABELS[input.event.kind]}（${formatWareki(input.event.date)}）`, { font: 'gothic', size: 12 });
  c.text(LEFT, 30, WIDTH, 6, `${formatWareki(opts.today)} 発行　${input.municipalityName} ${input.issuedBy}`, { size: 9 });
  c.line(LEFT, 37, LEFT + WIDTH, 37, { lineWidth: 0.8 });
  const intro = remaining.length === 0
    ? 'この届出に関係する手続きは、すべて済んでいます。'
    : `このあと、次の${remaining.length}件の手続きが必要です。番号の順に窓口を回ってください。済んだ手続きは□に印を付けてください。`;
  c.text(LEFT, 39, WIDTH, 10, intro, { size: 10, wrap: true });
  let y = 50;
  if (finished.length > 0) {
    const line = `本日済んだ手続き：${finished.map((p) => p.title).join('、')}`;
    const h = c.measure(line, WIDTH, 9) + 1;
    c.text(LEFT, y, WIDTH, h, line, { size: 9, wrap: true });
    y += h + 2;
  }

  const blocks = remaining.map((p, i) => blockLines(c, p, i + 1));
  for (const b of blocks) {
    if (y + b.height > BOTTOM) {
      c.addPage();
      y = 14;
    }
    drawBlock(c, b, y);
    y += b.height + 3;
  }

  const desks = [...new Map(remaining.filter((p) => p.department).map((p) => [p.department!.id, p.department!])).values()];
  if (desks.length > 0) {
    const h = 8 + desks.length * 6;
    if (y + h > BOTTOM) {
      c.addPage();
      y = 14;
    }
    c.text(LEFT, y, WIDTH, 7, '窓口の一覧', { font: 'gothic', size: 11 });
    y += 8;
    for (const d of desks) {
      c.text(LEFT + 2, y, 40, 6, `${d.floor} ${d.desk}`, { font: 'gothic', size: 9 });
      c.text(LEFT + 42, y, 95, 6, `${d.name}（${d.section}）`, { size: 8.5 });
      c.text(LEFT + 137, y, WIDTH - 137, 6, d.phone, { size: 8.5, align: 'right' });
      c.line(LEFT, y + 6, LEFT + WIDTH, y + 6, { lineWidth: 0.2 });
      y += 6;
    }
  }

  const pages = c.pageCount;
  for (let i = 0; i < pages; i++) {
    c.usePage(i);
    c.text(LEFT, 286, WIDTH, 5, `${input.municipalityName}　手続き案内書　${i + 1} / ${pages}`, { size: 7, align: 'center' });
  }
  return c.save();
}
