import { describe, expect, it } from 'vitest';
import { csvCell, encodeShiftJis } from './csv';
import { sniffMediaType } from './attachments';

describe('CSV cells', () => {
  it('quotes what needs quoting and keeps numbers and dates as they are', () => {
    expect(csvCell('尾花 健一')).toBe('尾花 健一');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('他の"引用"')).toBe('"他の""引用"""');
    expect(csvCell('1行目\n2行目')).toBe('"1行目\n2行目"');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(null)).toBe('');
    expect(csvCell('2026-11-29')).toBe('2026-11-29');
    expect(csvCell('090-1234-5678')).toBe('090-1234-5678');
  });

  it('keeps a spreadsheet from running what a resident typed as a formula', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+81')).toBe("'+81");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-cmd')).toBe("'-cmd");
    expect(csvCell('-5')).toBe('-5');
  });
});

describe('Shift_JIS', () => {
  it('encodes kana, kanji, half-width kana and the JIS forms IMEs type, and round-trips', () => {
    const text = '尾花沢市 ｵﾊﾞﾅｻﾞﾜ 〜 髙橋 ①';
    const { bytes, unmappable } = encodeShiftJis(text);
    expect(unmappable).toBe(0);
    expect(new TextDecoder('shift_jis').decode(bytes)).toBe(text.replace('〜', '～'));
  });

  it('writes 〓 for what it cannot hold and counts it', () => {
    const { bytes, unmappable } = encodeShiftJis('𠮷田 😀');
    expect(unmappable).toBe(2);
    expect(new TextDecoder('shift_jis').decode(bytes)).toBe('〓田 〓');
  });
});

describe('attachment content', () => {
  it('is judged by its first bytes, not its name', () => {
    expect(sniffMediaType(new TextEncoder().encode('%PDF-1.7'))).toBe('application/pdf');
    expect(sniffMediaType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffMediaType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffMediaType(new TextEncoder().encode('<svg onload=alert(1)>'))).toBeNull();
    expect(sniffMediaType(Uint8Array.from([0x4d, 0x5a]))).toBeNull(); // a Windows program
    expect(sniffMediaType(new Uint8Array(0))).toBeNull();
  });
});
