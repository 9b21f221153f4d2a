import { describe, expect, it } from 'vitest';
import { addDays, formatTime, numberForScreenReader, todayInJapan, waitText } from './queueFormat';

describe('queue formatting', () => {
  it('says waits the way staff would', () => {
    expect(waitText(0)).toBe('まもなく');
    expect(waitText(12)).toBe('約12分');
    expect(waitText(null)).toBe('—');
  });

  it('uses Japan time whatever the device is set to', () => {
    // 23:30 UTC is already the next morning in Japan.
    expect(todayInJapan(new Date('2026-11-29T15:30:00Z'))).toBe('2026-11-30');
    expect(formatTime('2026-11-30T00:05:00Z')).toBe('9:05');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('reads a ticket number as a letter and a number', () => {
    expect(numberForScreenReader('A012')).toBe('A 12番');
    expect(numberForScreenReader('予約')).toBe('予約');
  });
});
