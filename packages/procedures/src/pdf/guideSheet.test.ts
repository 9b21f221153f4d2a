import { PDFDocument } from '@cantoo/pdf-lib';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../catalogue';
import { familyMovingIn, sixPersonHousehold } from '../navigator/fixtures';
import { navigate } from '../navigator/navigate';
import { householdFactsSchema } from '../navigator/schema';
import type { HouseholdFactsInput } from '../navigator/schema';
import { renderGuideSheetPdf, routeOrder } from './guideSheet';
import { pdfText } from './testing';

const event = { kind: 'moveIn' as const, date: '2026-11-25' };
const sheet = (facts: HouseholdFactsInput, householderName: string, completed: string[] = []) => {
  const navigation = navigate(event, householdFactsSchema.parse(facts), catalogue.navigatorRules, catalogue);
  return renderGuideSheetPdf({ householderName, event, navigation, municipalityName: '尾花沢市', issuedBy: '市民税務課 1番窓口', completedProcedureIds: completed }, { today: '2026-11-29' });
};

describe('renderGuideSheetPdf', () => {
  it('lists every remaining procedure with where to go, what to bring and why', async () => {
    const text = pdfText(await sheet(familyMovingIn, '尾花 健一', ['residence-change']));
    for (const expected of [
      '手続き案内書', '尾花 健一 様の世帯', '転入（令和8年11月25日）', '令和8年11月29日 発行',
      '本日済んだ手続き：住民異動届', '次の6件の手続き',
      '小中学校 転入学届', '2階 21番窓口', '教育委員会 学校教育課', '前の学校の在学証明書', '尾花 さくらさんの転入学',
      '児童手当 認定請求', '1階 7番窓口', 'こども未来課',
      '犬の登録事項変更届', '2階 24番窓口', '窓口の一覧',
    ]) expect(text).toContain(expected);
    expect(text).not.toMatch(/\d+ 住民異動届/);
    const order = ['1 マイナンバーカード', '2 印鑑登録申請', '3 子ども医療費', '4 児童手当', '5 小中学校 転入学届', '6 犬の登録事項変更届'].map((t) => text.indexOf(t));
    expect(order.every((pos, i) => pos >= 0 && (i === 0 || pos > (order[i - 1] ?? 0)))).toBe(true);
  });

  it('flows onto more pages for a large household and numbers them', async () => {
    const pdf = await sheet(sixPersonHousehold, '雪国 一郎');
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBeGreaterThan(1);
    expect(doc.getTitle()).toBe('手続き案内書');
    const text = pdfText(pdf);
    expect(text).toContain(`1 / ${doc.getPageCount()}`);
    expect(text).toContain('後期高齢者医療 転入届');
    expect(text).toContain('負担区分等証明書を持ってきてください');
  });
});

describe('routeOrder', () => {
  it('keeps the leading 届出 first and walks the other counters floor by floor', () => {
    const nav = navigate(event, householdFactsSchema.parse(familyMovingIn), catalogue.navigatorRules, catalogue);
    const desks = routeOrder(nav.proposals).map((p) => `${p.department?.floor} ${p.department?.desk}`);
    expect(desks[0]).toBe('1階 1番窓口');
    expect(desks).toEqual(['1階 1番窓口', '1階 1番窓口', '1階 1番窓口', '1階 4番窓口', '1階 7番窓口', '2階 21番窓口', '2階 24番窓口']);
  });
});
