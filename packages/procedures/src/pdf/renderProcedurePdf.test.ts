import { PDFDocument, PDFName, PDFString } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { catalogue, procedureById } from '../catalogue';
import { residenceChange } from '../catalogue/procedures/residenceChange';
import { conformanceCases } from '../conformance/cases';
import { publish } from '../publish/publish';
import { renderProcedureForm, renderProcedurePdf } from './renderProcedurePdf';
import { pdfFonts, pdfText } from './testing';

const rc = procedureById(catalogue, 'residence-change');
const familyCase = conformanceCases.find((c) => c.name.startsWith('住民異動届: family'));
if (!rc?.layout || !familyCase) throw new Error('fixtures missing');
const answers = { ...familyCase.answers, newHouseholderKana: 'おばな けんいち', oldHouseholderKana: 'オバナ ケンイチ' };

describe('renderProcedurePdf — 住民異動届', () => {
  it('prints every answer as real text, with 和暦 dates and furigana', async () => {
    const text = pdfText(await renderProcedurePdf(rc, rc.layout!, answers, { today: '2026-11-29' }));
    for (const expected of [
      '住民異動届', '尾花沢市長 あて', '届出日 令和8年11月29日', '異動日 令和8年11月25日',
      '尾花 健一', 'オバナ ケンイチ', 'オバナ サクラ', '尾花 さくら', '昭和60年7月14日', '平成30年5月10日',
      '〒999-4292', '山形県尾花沢市若葉町一丁目1番3号', '〒330-0063', '埼玉県さいたま市浦和区高砂三丁目15番1号',
      '090-1234-5678', '世帯主', '職員記入欄', 'マイナンバーカード', 'タブレットに署名済み',
    ]) expect(text).toContain(expected);
  });

  it('has a title, Japanese as its language and subset-embedded BIZ UD fonts', async () => {
    const pdf = await renderProcedurePdf(rc, rc.layout!, answers, { today: '2026-11-29' });
    const doc = await PDFDocument.load(pdf);
    expect(doc.getTitle()).toBe('住民異動届');
    const lang = doc.catalog.lookup(PDFName.of('Lang'));
    expect(lang instanceof PDFString ? lang.decodeText() : String(lang)).toBe('ja-JP');
    const fonts = pdfFonts(pdf);
    expect(fonts).toMatch(/BIZUDMincho/);
    expect(fonts).toMatch(/BIZUDGothic/);
    // Every BIZ UD font is embedded; the file stays small because only used glyphs are kept (the TTFs are 4–6 MB).
    expect(fonts.split('\n').filter((l) => /BIZUD/.test(l)).every((l) => /CID TrueType\s+Identity-H\s+yes/.test(l))).toBe(true);
    expect(pdf.length).toBeLessThan(150_000);
  });

  it('prints what the logic decided, not the raw answers', async () => {
    const moveOut = { ...answers, changeType: 'moveOut', changeDate: '2026-12-05', moveInBasis: 'certificate', staffNote: '転出先は山形市' };
    const { pdf, evaluation } = await renderProcedureForm(rc, rc.layout!, moveOut, { today: '2026-11-29' });
    expect(evaluation.values['moveInBasis']).toBeUndefined();
    const text = pdfText(pdf);
    expect(text).toContain('令和8年12月5日');
    expect(text).toContain('転出先は山形市');
    const kioskText = pdfText(await renderProcedurePdf(rc, rc.layout!, moveOut, { today: '2026-11-29', channel: 'kiosk' }));
    expect(kioskText).not.toContain('転出先は山形市');
  });

  it('prints 〓 for a character the fonts cannot draw and reports it, instead of dropping it', async () => {
    const { pdf, missingCharacters } = await renderProcedureForm(rc, rc.layout!, { ...answers, notifierName: '𠮷田 葛\u{E0100}飾🍣' }, { today: '2026-11-29' });
    expect(missingCharacters.sort()).toEqual(['🍣', '𠮷'].sort());
    expect(pdfText(pdf)).toContain('〓田 葛飾〓');
  });

  it('shrinks a long address into its box instead of running over', async () => {
    const long = { ...answers, newAddress: { postalCode: '9994292', address: '山形県尾花沢市大字尾花沢字若葉町一丁目1番3号 尾花沢ニュータウン第二団地A棟' } };
    const text = pdfText(await renderProcedurePdf(rc, rc.layout!, long, { today: '2026-11-29' }));
    expect(text).toContain('山形県尾花沢市大字尾花沢字若葉町一丁目1番3号 尾花沢ニュー');
    expect(text).toContain('タウン第二団地A棟');
  });
});

describe('published versions', () => {
  it('evaluate and print from a deep-frozen published definition', async () => {
    const r = publish(residenceChange, [], { publishedAt: '2026-11-29T09:00:00+09:00' });
    if (!r.ok) throw new Error('publish failed');
    const def = r.version.definition;
    expect(Object.isFrozen(def.layout?.elements)).toBe(true);
    const { evaluation, pdf } = await renderProcedureForm(def, def.layout!, answers, { today: '2026-11-29' });
    expect(evaluation.valid).toBe(true);
    expect(pdfText(pdf)).toContain('尾花 さくら');
  });
});
