/**
 * RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. Returns rows of
 * fields; a row's line number is where it starts, for error reports.
 */
export interface CsvRow {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
  }
}

export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let rowStart = 1;
  let afterQuote = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
          afterQuote = true;
        }
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (field.length > 0 || afterQuote) throw new CsvSyntaxError(line, `${line}行目: 引用符（"）の位置が正しくありません。`);
      inQuotes = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      afterQuote = false;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: rowStart, fields });
      fields = [];
      field = '';
      afterQuote = false;
      line++;
      rowStart = line;
    } else {
      if (afterQuote) throw new CsvSyntaxError(line, `${line}行目: 引用符（"）の後に余分な文字があります。`);
      field += ch;
    }
  }
  if (inQuotes) throw new CsvSyntaxError(rowStart, `${rowStart}行目: 引用符（"）が閉じられていません。`);
  if (field.length > 0 || fields.length > 0) {
    fields.push(field);
    rows.push({ line: rowStart, fields });
  }
  return rows;
}

/** UTF-8 (with or without BOM) when it decodes cleanly, otherwise Shift_JIS (Windows-31J, as Excel writes it). */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'shift_jis' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('shift_jis').decode(bytes), encoding: 'shift_jis' };
  }
}
