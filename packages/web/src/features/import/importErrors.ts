import type { ApiErrorDetail } from '../../api/errors';

export interface ImportRowError {
  /** "12行目", "見出し行" or "ファイル". */
  place: string;
  /** The column the problem is in, when the server names one. */
  column: string | null;
  message: string;
}

/** The server reports places as "12行目: 生年月日"; split them so the table can sort by row. */
export function toImportRowErrors(details: ApiErrorDetail[]): ImportRowError[] {
  return details.map((detail) => {
    const separator = detail.path.indexOf(': ');
    return separator === -1
      ? { place: detail.path, column: null, message: detail.message }
      : { place: detail.path.slice(0, separator), column: detail.path.slice(separator + 2), message: detail.message };
  });
}

/** Columns of the registry CSV, in the order of the sample file (the server accepts any order). */
export const importColumns: { header: string; required: boolean; example: string }[] = [
  { header: '世帯番号', required: true, example: '1' },
  { header: '住民票コード', required: true, example: '12345678901' },
  { header: '氏', required: true, example: '山田' },
  { header: '名', required: true, example: '太郎' },
  { header: '氏カナ', required: true, example: 'ヤマダ' },
  { header: '名カナ', required: true, example: 'タロウ' },
  { header: '生年月日', required: true, example: '昭和45年3月2日' },
  { header: '性別', required: true, example: '男' },
  { header: '続柄', required: true, example: '世帯主' },
  { header: '郵便番号', required: true, example: '999-4221' },
  { header: '都道府県', required: true, example: '山形県' },
  { header: '市区町村', required: true, example: '尾花沢市' },
  { header: '町字', required: true, example: '若葉町一丁目' },
  { header: '番地', required: true, example: '2番3号' },
  { header: '方書', required: false, example: '' },
  { header: '住民となった日', required: true, example: '1970-03-02' },
  { header: '前住所', required: false, example: '' },
];

/** A one-row sample CSV (UTF-8 with BOM so spreadsheet software opens it in the right encoding). */
export function sampleCsv(): Blob {
  const quote = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const lines = [importColumns.map((column) => column.header), importColumns.map((column) => column.example)];
  const text = lines.map((line) => line.map(quote).join(',')).join('\r\n') + '\r\n';
  return new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' });
}
