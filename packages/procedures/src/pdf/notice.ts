import { formatWareki } from '../jp/adapter';
import { Canvas } from './canvas';

/** 決定通知書: the result of an application, as the department issues it to the applicant. */
export type DecisionNoticeInput = {
  municipalityName: string;
  departmentName: string;
  recipientName: string;
  receiptNumber: string;
  procedureTitle: string;
  decision: 'approved' | 'rejected';
  /** The reviewer's note (for a rejection: the reason), printed as written. */
  note: string | null;
  /** YYYY-MM-DD of the decision. */
  decidedOn: string;
};

const LEFT = 20;
const WIDTH = 170;

export async function renderDecisionNoticePdf(input: DecisionNoticeInput, opts: { createdAt?: Date } = {}): Promise<Uint8Array> {
  const title = input.decision === 'approved' ? '決定通知書' : '却下通知書';
  const c = await Canvas.create({ title, subject: `${input.procedureTitle}（${input.receiptNumber}）`, ...(opts.createdAt ? { createdAt: opts.createdAt } : {}) });
  c.text(LEFT, 20, WIDTH, 6, `受付番号 ${input.receiptNumber}`, { size: 10, align: 'right' });
  c.text(LEFT, 26, WIDTH, 6, formatWareki(input.decidedOn), { size: 10, align: 'right' });
  c.text(LEFT, 40, WIDTH, 8, `${input.recipientName} 様`, { font: 'gothic', size: 14 });
  c.text(LEFT, 52, WIDTH, 6, `${input.municipalityName}長`, { size: 11, align: 'right' });
  c.text(LEFT, 58, WIDTH, 6, `（担当 ${input.departmentName}）`, { size: 9, align: 'right' });
  c.text(LEFT, 76, WIDTH, 12, title, { font: 'gothic', size: 22, align: 'center' });
  const body = input.decision === 'approved'
    ? `あなたから申請のあった「${input.procedureTitle}」について、審査の結果、申請のとおり決定しましたので通知します。`
    : `あなたから申請のあった「${input.procedureTitle}」について、審査の結果、次の理由により却下しましたので通知します。`;
  c.text(LEFT, 98, WIDTH, 20, body, { size: 12, wrap: true });
  let y = 124;
  if (input.note) {
    c.text(LEFT, y, WIDTH, 7, input.decision === 'approved' ? '備考' : '理由', { font: 'gothic', size: 11 });
    const h = Math.min(90, c.measure(input.note, WIDTH - 4, 11) + 4);
    c.rect(LEFT, y + 8, WIDTH, h, { lineWidth: 0.4 });
    c.text(LEFT + 2, y + 10, WIDTH - 4, h - 4, input.note, { size: 11, wrap: true });
    y += h + 14;
  }
  if (input.decision === 'rejected') {
    c.text(LEFT, Math.max(y, 230), WIDTH, 30,
      'この決定に不服がある場合は、この通知を受け取った日の翌日から起算して3か月以内に、市長に対して審査請求をすることができます（行政不服審査法）。',
      { size: 9, wrap: true });
  }
  c.text(LEFT, 282, WIDTH, 5, `${input.municipalityName}　${title}`, { size: 7, align: 'center' });
  return c.save();
}
