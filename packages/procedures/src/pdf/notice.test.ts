import { describe, expect, it } from 'vitest';
import { renderDecisionNoticePdf } from './notice';
import { pdfText } from './testing';

describe('decision notice', () => {
  it('prints the decision, the procedure, the receipt number and the date in 和暦', async () => {
    const pdf = await renderDecisionNoticePdf({
      municipalityName: '尾花沢市', departmentName: 'こども未来課', recipientName: '尾花 健一', receiptNumber: 'R8-000123',
      procedureTitle: '児童手当 認定請求', decision: 'approved', note: '令和8年12月分から支給します。', decidedOn: '2026-11-29',
    }, { createdAt: new Date('2026-11-29T00:00:00Z') });
    const text = pdfText(pdf).replace(/\s+/g, '');
    for (const s of ['決定通知書', '尾花健一様', 'R8-000123', '児童手当認定請求', '令和8年11月29日', '令和8年12月分から支給します。']) expect(text).toContain(s);
  });

  it('a rejection says why and how to appeal', async () => {
    const pdf = await renderDecisionNoticePdf({
      municipalityName: '尾花沢市', departmentName: 'こども未来課', recipientName: '尾花 健一', receiptNumber: 'R8-000124',
      procedureTitle: '児童手当 認定請求', decision: 'rejected', note: '公務員の方は勤務先から支給されます。', decidedOn: '2026-11-29',
    });
    const text = pdfText(pdf).replace(/\s+/g, '');
    for (const s of ['却下通知書', '公務員の方は勤務先から支給されます。', '審査請求']) expect(text).toContain(s);
  });
});
