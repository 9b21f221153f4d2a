import { formatWareki, type IsoDate } from '@madoguchi/jp';
import { Canvas } from '@madoguchi/procedures/pdf';
import { appendAudit } from '../../platform/audit/audit';
import type { Services } from '../../platform/http/context';
import { getMunicipality } from '../tenancy/service';
import { csvCell, encodeShiftJis } from '../online/csv';
import { getClaim, type ClaimLineView, type ClaimView, type ClaimViewer } from './claims';

/**
 * The claim as the operator sends it and the city files it: 請求書 (A4 PDF: a cover with the amount,
 * then the ride list) and the same rides as CSV (UTF-8 with BOM, or Shift_JIS for older spreadsheets
 * and 財務会計 systems). Operators see the 利用者番号 only, never a passenger's name.
 */

const yen = (n: number) => `${n.toLocaleString('ja-JP')}円`;
const jst = (iso: string) => new Date(new Date(iso).getTime() + 9 * 3600_000).toISOString();
const dateOf = (iso: string) => jst(iso).slice(0, 10);
const timeOf = (iso: string) => jst(iso).slice(11, 16);
const monthLabel = (month: string) => `${formatWareki(`${month}-01` as IsoDate).replace(/1日$/, '')}分`;

const LEFT = 15;
const WIDTH = 180;
const ROWS_PER_PAGE = 46;

export async function renderClaimPdf(claim: ClaimView, lines: ClaimLineView[], meta: { municipalityName: string; operatorAddress: string; invoiceNumber: string | null; createdAt: Date }): Promise<Uint8Array> {
  const c = await Canvas.create({ title: '請求書', subject: `${claim.operatorName} ${monthLabel(claim.month)}（${claim.number}）`, createdAt: meta.createdAt });
  const amount = claim.approvedTotalYen ?? claim.subsidyTotalYen;
  c.text(LEFT, 14, WIDTH, 6, `請求番号 ${claim.number}`, { size: 10, align: 'right' });
  c.text(LEFT, 20, WIDTH, 6, formatWareki(dateOf(claim.submittedAt ?? claim.generatedAt) as IsoDate), { size: 10, align: 'right' });
  c.text(LEFT, 30, WIDTH, 8, `${meta.municipalityName}長　様`, { font: 'gothic', size: 14 });
  c.text(LEFT, 44, WIDTH, 6, claim.operatorName, { size: 12, align: 'right' });
  if (meta.operatorAddress) c.text(LEFT, 50, WIDTH, 6, meta.operatorAddress, { size: 9, align: 'right' });
  if (meta.invoiceNumber) c.text(LEFT, 56, WIDTH, 6, `登録番号 ${meta.invoiceNumber}`, { size: 9, align: 'right' });
  c.text(LEFT, 68, WIDTH, 12, '請　求　書', { font: 'gothic', size: 22, align: 'center' });
  c.text(LEFT, 86, WIDTH, 14, `「${claim.programmeName}」の${monthLabel(claim.month)}の助成金として、次のとおり請求します。`, { size: 11, wrap: true });
  c.rect(LEFT + 30, 104, WIDTH - 60, 16, { lineWidth: 0.8 });
  c.text(LEFT + 32, 104, 40, 16, '請求金額', { font: 'gothic', size: 13 });
  c.text(LEFT + 70, 104, WIDTH - 104, 16, yen(amount), { font: 'gothic', size: 18, align: 'right' });
  const rows: [string, string][] = [
    ['対象月', monthLabel(claim.month)],
    ['乗車回数', `${claim.rideCount.toLocaleString('ja-JP')}回`],
    ['運賃の合計', yen(claim.fareTotalYen)],
    ['助成額の合計', yen(claim.subsidyTotalYen)],
  ];
  if (claim.adjustments.length > 0) rows.push(['市による調整', yen(claim.adjustmentTotalYen)]);
  if (claim.approvedTotalYen !== null) rows.push(['確定した金額', yen(claim.approvedTotalYen)]);
  rows.push(['状態', claim.statusLabel]);
  let y = 130;
  for (const [k, v] of rows) {
    c.rect(LEFT + 30, y, 50, 9, { lineWidth: 0.4 });
    c.rect(LEFT + 80, y, WIDTH - 110, 9, { lineWidth: 0.4 });
    c.text(LEFT + 31, y, 48, 9, k, { font: 'gothic', size: 10 });
    c.text(LEFT + 81, y, WIDTH - 112, 9, v, { size: 10, align: 'right' });
    y += 9;
  }
  if (claim.adjustments.length > 0) {
    y += 6;
    c.text(LEFT, y, WIDTH, 7, '調整の内容', { font: 'gothic', size: 11 });
    y += 8;
    for (const a of claim.adjustments.slice(0, 8)) {
      c.text(LEFT + 2, y, 40, 6, yen(a.amountYen), { size: 9, align: 'right' });
      c.text(LEFT + 46, y, WIDTH - 48, 6, a.reason, { size: 9 });
      y += 6;
    }
  }
  c.text(LEFT, 262, WIDTH, 12, '明細は次のページ以降のとおりです（市が受け付けた乗車のみ。利用者は利用者番号で表示しています）。', { size: 9, wrap: true });
  c.text(LEFT, 282, WIDTH, 5, `${meta.municipalityName}　電子タクシー券　請求書 ${claim.number}`, { size: 7, align: 'center' });

  const cols = [
    { title: '番号', w: 14, align: 'right' as const },
    { title: '乗車日', w: 34, align: 'left' as const },
    { title: '時刻', w: 14, align: 'center' as const },
    { title: '車両', w: 40, align: 'left' as const },
    { title: '利用者番号', w: 24, align: 'left' as const },
    { title: '運賃', w: 18, align: 'right' as const },
    { title: '助成額', w: 18, align: 'right' as const },
    { title: '本人負担', w: 18, align: 'right' as const },
  ];
  const pages = Math.max(1, Math.ceil(lines.length / ROWS_PER_PAGE));
  for (let page = 0; page < pages; page++) {
    c.addPage();
    c.text(LEFT, 12, WIDTH, 7, `明細（${claim.number}　${monthLabel(claim.month)}）　${page + 1} / ${pages}`, { font: 'gothic', size: 11 });
    let x = LEFT;
    const head = 22;
    for (const col of cols) {
      c.rect(x, head, col.w, 6.5, { lineWidth: 0.4 });
      c.text(x, head, col.w, 6.5, col.title, { font: 'gothic', size: 8, align: 'center' });
      x += col.w;
    }
    const slice = lines.slice(page * ROWS_PER_PAGE, (page + 1) * ROWS_PER_PAGE);
    slice.forEach((l, i) => {
      const rowY = head + 6.5 + i * 5.5;
      const cells = [String(l.lineNo), formatWareki(dateOf(l.boardedAt) as IsoDate), timeOf(l.boardedAt), l.vehicle ?? l.terminal, l.beneficiaryNumber, l.fareYen.toLocaleString('ja-JP'), l.subsidyYen.toLocaleString('ja-JP'), l.passengerYen.toLocaleString('ja-JP')];
      let cx = LEFT;
      cols.forEach((col, k) => {
        c.text(cx, rowY, col.w, 5.5, cells[k]!, { size: 7.5, align: col.align });
        cx += col.w;
      });
      c.line(LEFT, rowY + 5.5, LEFT + WIDTH, rowY + 5.5, { lineWidth: 0.15 });
    });
    if (page === pages - 1) {
      const totalY = head + 6.5 + slice.length * 5.5 + 2;
      c.text(LEFT, totalY, 140, 6, '合計', { font: 'gothic', size: 9, align: 'right' });
      c.text(LEFT + 144, totalY, 36, 6, `${yen(claim.subsidyTotalYen)}`, { font: 'gothic', size: 9, align: 'right' });
    }
    c.text(LEFT, 282, WIDTH, 5, `${meta.municipalityName}　電子タクシー券　請求書 ${claim.number}`, { size: 7, align: 'center' });
  }
  return c.save();
}

export async function claimPdf(services: Services, viewer: ClaimViewer, id: string, requestId: string | null): Promise<{ pdf: Uint8Array; filename: string }> {
  const { claim, lines } = await getClaim(services, viewer, id, requestId);
  const m = viewer.staff.municipalityId;
  const municipality = await getMunicipality(services.db, m);
  const operator = await services.db.selectFrom('taxi_operator').select(['address', 'invoice_registration_number']).where('municipality_id', '=', m).where('id', '=', claim.operatorId).executeTakeFirstOrThrow();
  const pdf = await renderClaimPdf(claim, lines, { municipalityName: municipality.name, operatorAddress: operator.address, invoiceNumber: operator.invoice_registration_number, createdAt: services.now() });
  return { pdf, filename: `請求書_${claim.number}.pdf` };
}

export const CLAIM_CSV_HEADER = ['請求番号', '明細番号', '乗車日', '乗車時刻', '車両', '端末', '利用者番号', '運賃', '助成額', '本人負担', '乗車ID'];

export function claimCsvText(claim: ClaimView, lines: ClaimLineView[]): string {
  const rows = [CLAIM_CSV_HEADER, ...lines.map((l) => [claim.number, l.lineNo, dateOf(l.boardedAt), timeOf(l.boardedAt), l.vehicle ?? '', l.terminal, l.beneficiaryNumber, l.fareYen, l.subsidyYen, l.passengerYen, l.rideId])];
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export async function claimCsv(services: Services, viewer: ClaimViewer, id: string, encoding: 'utf-8' | 'shift_jis', requestId: string | null): Promise<{ bytes: Uint8Array; filename: string; contentType: string }> {
  const { claim, lines } = await getClaim(services, viewer, id, requestId);
  const text = claimCsvText(claim, lines);
  await appendAudit(services.db, { municipalityId: viewer.staff.municipalityId, actorStaffId: viewer.staff.id, action: 'taxi.claim_export', subjectType: 'taxi_claim', subjectId: id, requestId, details: { encoding, lines: lines.length } }, services.now());
  if (encoding === 'shift_jis') {
    return { bytes: encodeShiftJis(text).bytes, filename: `請求明細_${claim.number}.csv`, contentType: 'text/csv; charset=Shift_JIS' };
  }
  const body = new TextEncoder().encode(text);
  const bytes = new Uint8Array(body.byteLength + 3);
  bytes.set([0xef, 0xbb, 0xbf]);
  bytes.set(body, 3);
  return { bytes, filename: `請求明細_${claim.number}.csv`, contentType: 'text/csv; charset=utf-8' };
}
