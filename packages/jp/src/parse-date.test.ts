import { describe, expect, it } from 'vitest';
import type { IsoDate } from './iso-date';
import { dateQueryIncludes, parseDateQuery, parseJapaneseDate } from './parse-date';

describe('parseJapaneseDate: what staff type', () => {
  it.each([
    ['令和8年11月29日', '2026-11-29'],
    ['令和元年5月1日', '2019-05-01'],
    ['令和1年5月1日', '2019-05-01'],
    ['R8.11.29', '2026-11-29'],
    ['r8/11/29', '2026-11-29'],
    ['R8-11-29', '2026-11-29'],
    ['H31.4.30', '2019-04-30'],
    ['S64.1.7', '1989-01-07'],
    ['昭和64年1月7日', '1989-01-07'],
    ['平成31年4月30日', '2019-04-30'],
    ['令和８年１１月２９日', '2026-11-29'],
    ['Ｒ８．１１．２９', '2026-11-29'],
    ['令和 8年 11月 29日', '2026-11-29'],
    ['㋿8年11月29日', '2026-11-29'],
    ['㍻元年1月8日', '1989-01-08'],
    ['昭45.3.1', '1970-03-01'],
    ['H310430', '2019-04-30'],
    ['T1.7.30', '1912-07-30'],
    ['M45.7.29', '1912-07-29'],
    ['明治6年1月1日', '1873-01-01'],
    ['2026-11-29', '2026-11-29'],
    ['2026/11/29', '2026-11-29'],
    ['2026/1/9', '2026-01-09'],
    ['2026年11月29日', '2026-11-29'],
    ['西暦2026年11月29日', '2026-11-29'],
    ['20261129', '2026-11-29'],
    ['２０２６－１１－２９', '2026-11-29'],
    ['  2024-02-29 ', '2024-02-29'],
  ])('%s → %s', (text, expected) => {
    expect(parseJapaneseDate(text)).toEqual({ ok: true, value: expected });
  });
});

describe('parseJapaneseDate: errors tell what to type', () => {
  it('rejects year 0 of an era', () => {
    const result = parseJapaneseDate('令和0年5月1日');
    expect(result).toMatchObject({ ok: false, code: 'DATE_ERA_YEAR_ZERO' });
    expect(!result.ok && result.message).toContain('令和元年');
  });

  it('rejects a year after the era ended and names the right era', () => {
    const result = parseJapaneseDate('平成32年1月1日');
    expect(result).toMatchObject({ ok: false, code: 'DATE_ERA_YEAR_BEYOND_END' });
    expect(!result.ok && result.message).toBe('平成は31年（2019年）までです。平成32年は2020年なので、「令和2年」と入力してください。');
    expect(parseJapaneseDate('S65.1.1')).toMatchObject({ ok: false, code: 'DATE_ERA_YEAR_BEYOND_END', message: expect.stringContaining('平成2年') });
  });

  it('rejects a date after the last day of the era', () => {
    const result = parseJapaneseDate('平成31年5月1日');
    expect(result).toEqual({
      ok: false,
      code: 'DATE_AFTER_ERA_END',
      message: '平成31年は4月30日までです。5月1日以降は令和元年で入力してください。',
    });
    expect(parseJapaneseDate('S64.1.8')).toMatchObject({ ok: false, code: 'DATE_AFTER_ERA_END', message: expect.stringContaining('1月8日以降は平成元年') });
  });

  it('rejects a date before the first day of the era', () => {
    expect(parseJapaneseDate('令和元年4月30日')).toEqual({
      ok: false,
      code: 'DATE_BEFORE_ERA_START',
      message: '令和元年は5月1日から始まります。4月30日以前は平成31年で入力してください。',
    });
    expect(parseJapaneseDate('H1.1.7')).toMatchObject({ ok: false, code: 'DATE_BEFORE_ERA_START', message: expect.stringContaining('昭和64年') });
  });

  it('rejects days that do not exist', () => {
    const result = parseJapaneseDate('令和8年2月30日');
    expect(result).toMatchObject({ ok: false, code: 'DATE_NOT_IN_CALENDAR' });
    expect(!result.ok && result.message).toContain('令和8年2月は28日まで');
    expect(parseJapaneseDate('2024-02-30')).toMatchObject({ ok: false, code: 'DATE_NOT_IN_CALENDAR', message: expect.stringContaining('2024年2月は29日まで') });
    expect(parseJapaneseDate('2026/13/1')).toMatchObject({ ok: false, code: 'DATE_NOT_IN_CALENDAR' });
    expect(parseJapaneseDate('20260431')).toMatchObject({ ok: false, code: 'DATE_NOT_IN_CALENDAR' });
  });

  it('rejects dates before 1873, when Japan still used the old calendar', () => {
    expect(parseJapaneseDate('明治5年12月2日')).toMatchObject({ ok: false, code: 'DATE_OUT_OF_RANGE' });
    expect(parseJapaneseDate('1872-12-31')).toMatchObject({ ok: false, code: 'DATE_OUT_OF_RANGE' });
  });

  it('tells the difference between empty, partial and unreadable input', () => {
    expect(parseJapaneseDate('  ')).toMatchObject({ ok: false, code: 'DATE_EMPTY' });
    expect(parseJapaneseDate('令和8年11月')).toMatchObject({ ok: false, code: 'DATE_INCOMPLETE' });
    for (const text of ['あした', '11月29日', 'X8.11.29', '2026-11-29-1', '令和百年1月1日']) {
      expect(parseJapaneseDate(text), text).toMatchObject({ ok: false, code: 'DATE_UNRECOGNIZED', message: expect.stringContaining('R8.11.29') });
    }
  });
});

describe('parseDateQuery', () => {
  it('reads a whole year, in either calendar', () => {
    expect(parseDateQuery('昭和45年')).toEqual({ ok: true, value: { precision: 'year', from: '1970-01-01', to: '1970-12-31' } });
    expect(parseDateQuery('S45')).toEqual({ ok: true, value: { precision: 'year', from: '1970-01-01', to: '1970-12-31' } });
    expect(parseDateQuery('1970')).toEqual({ ok: true, value: { precision: 'year', from: '1970-01-01', to: '1970-12-31' } });
    expect(parseDateQuery('１９７０年')).toEqual({ ok: true, value: { precision: 'year', from: '1970-01-01', to: '1970-12-31' } });
  });

  it('clips an era year to the part that belongs to the era', () => {
    expect(parseDateQuery('昭和64年')).toEqual({ ok: true, value: { precision: 'year', from: '1989-01-01', to: '1989-01-07' } });
    expect(parseDateQuery('平成元年')).toEqual({ ok: true, value: { precision: 'year', from: '1989-01-08', to: '1989-12-31' } });
    expect(parseDateQuery('令和元年')).toEqual({ ok: true, value: { precision: 'year', from: '2019-05-01', to: '2019-12-31' } });
    expect(parseDateQuery('平成31年4月')).toEqual({ ok: true, value: { precision: 'month', from: '2019-04-01', to: '2019-04-30' } });
    expect(parseDateQuery('H1.1')).toEqual({ ok: true, value: { precision: 'month', from: '1989-01-08', to: '1989-01-31' } });
  });

  it('reads a year and month, with the right month length', () => {
    expect(parseDateQuery('昭和45年3月')).toEqual({ ok: true, value: { precision: 'month', from: '1970-03-01', to: '1970-03-31' } });
    expect(parseDateQuery('2024/2')).toEqual({ ok: true, value: { precision: 'month', from: '2024-02-01', to: '2024-02-29' } });
    expect(parseDateQuery('2023年2月')).toEqual({ ok: true, value: { precision: 'month', from: '2023-02-01', to: '2023-02-28' } });
  });

  it('reads an exact date as a one-day range', () => {
    expect(parseDateQuery('R8.11.29')).toEqual({ ok: true, value: { precision: 'day', from: '2026-11-29', to: '2026-11-29' } });
  });

  it('explains months outside the era', () => {
    expect(parseDateQuery('令和元年4月')).toMatchObject({ ok: false, code: 'DATE_BEFORE_ERA_START', message: expect.stringContaining('平成31年') });
    expect(parseDateQuery('平成31年5月')).toMatchObject({ ok: false, code: 'DATE_AFTER_ERA_END', message: expect.stringContaining('令和元年') });
    expect(parseDateQuery('平成32年')).toMatchObject({ ok: false, code: 'DATE_ERA_YEAR_BEYOND_END' });
    expect(parseDateQuery('明治5年')).toMatchObject({ ok: false, code: 'DATE_OUT_OF_RANGE' });
  });

  it('checks membership of a date in a query range', () => {
    const query = parseDateQuery('平成元年');
    if (!query.ok) throw new Error(query.message);
    expect(dateQueryIncludes(query.value, '1989-01-07' as IsoDate)).toBe(false);
    expect(dateQueryIncludes(query.value, '1989-01-08' as IsoDate)).toBe(true);
    expect(dateQueryIncludes(query.value, '1989-12-31' as IsoDate)).toBe(true);
    expect(dateQueryIncludes(query.value, '1990-01-01' as IsoDate)).toBe(false);
  });
});
