import { describe, expect, it } from 'vitest';
import { importColumns, sampleCsv, toImportRowErrors } from './importErrors';

describe('toImportRowErrors', () => {
  it('splits the row and the column the server names', () => {
    expect(
      toImportRowErrors([
        { path: '12行目: 生年月日', message: '昭和は64年までです。' },
        { path: '見出し行', message: '「氏」の列がありません。' },
      ]),
    ).toEqual([
      { place: '12行目', column: '生年月日', message: '昭和は64年までです。' },
      { place: '見出し行', column: null, message: '「氏」の列がありません。' },
    ]);
  });
});

describe('sampleCsv', () => {
  it('has a BOM, every column header and one example row', async () => {
    const bytes = new Uint8Array(await sampleCsv().arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]?.split(',')).toEqual(importColumns.map((column) => column.header));
    expect(lines[1]).toContain('昭和45年3月2日');
  });
});
