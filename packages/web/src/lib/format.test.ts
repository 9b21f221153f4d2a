import { describe, expect, it } from 'vitest';
import { formatDateTime, formatIsoDateWithWareki, formatSeirekiDate, formatWarekiWithSeireki, toHalfWidthDigits } from './format';

describe('formatSeirekiDate', () => {
  it('drops leading zeros', () => {
    expect(formatSeirekiDate('1970-03-02')).toBe('1970年3月2日');
  });
  it('leaves text it cannot read unchanged', () => {
    expect(formatSeirekiDate('不詳')).toBe('不詳');
  });
});

describe('formatWarekiWithSeireki', () => {
  it('puts 和暦 first and 西暦 in brackets', () => {
    expect(formatWarekiWithSeireki('平成元年1月8日', '1989-01-08')).toBe('平成元年1月8日（1989年1月8日）');
  });
});

describe('formatIsoDateWithWareki', () => {
  it('uses 元年 on the first day of an era', () => {
    expect(formatIsoDateWithWareki('2019-05-01')).toBe('令和元年5月1日（2019年5月1日）');
  });
  it('falls back to 西暦 before 和暦 dates exist', () => {
    expect(formatIsoDateWithWareki('1850-01-01')).toBe('1850年1月1日');
  });
  it('leaves text that is not a date unchanged', () => {
    expect(formatIsoDateWithWareki('2019-02-30')).toBe('2019-02-30');
  });
});

describe('formatDateTime', () => {
  it('shows Japan time even for a UTC timestamp late in the day', () => {
    expect(formatDateTime('2026-04-30T23:30:00Z')).toBe('2026年5月1日 08:30');
  });
});

describe('toHalfWidthDigits', () => {
  it('converts full-width digits and keeps everything else', () => {
    expect(toHalfWidthDigits('０６２１２０')).toBe('062120');
    expect(toHalfWidthDigits('ａ１2')).toBe('ａ12');
  });
});
