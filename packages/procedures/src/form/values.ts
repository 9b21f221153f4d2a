import { formatWareki, isIsoDate, isValidIndividualNumber, normalizeKana, parseJapaneseDate, postalCodeDigits } from '../jp/adapter';
import { safeRegExp } from '../expression/evaluate';
import type { ProcedureDefinition } from '../schema/definition';
import type { LeafField } from '../schema/fields';

export type FieldError = { code: string; message: string };
export type Checked = { value: unknown; errors: FieldError[] };

export function isEmptyValue(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.values(v).every(isEmptyValue);
  return false;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeError(label: string): FieldError {
  return { code: 'FORM-TYPE', message: `「${label}」の値の形式が正しくありません。入力し直してください。` };
}

function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') {
    const t = v.normalize('NFKC').replace(/[,円\s]/g, '');
    if (t === '' || !/^-?\d+(\.\d+)?$/.test(t)) return null;
    return Number(t);
  }
  return null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v.trim() : null;
}

/** The message that fits the kind of field when it is left empty. */
export function requiredMessage(field: { type: string }, label: string): FieldError {
  const verb: Record<string, string> = {
    choice: 'を選んでください', boolean: 'にチェックを入れてください', file: 'を添付してください',
    signature: 'をしてください', person: 'の人を選んでください', repeater: 'を1人以上追加してください',
  };
  return { code: 'FORM-REQUIRED', message: `「${label}」${verb[field.type] ?? 'を入力してください'}。` };
}

/**
 * Normalises one answer (kana width, 和暦 dates, postal codes) and checks it
 * against its field. Empty values are not checked here; `required` is.
 */
export function checkValue(field: LeafField, raw: unknown, label: string, def: ProcedureDefinition, dateBound: (which: 'min' | 'max') => unknown): Checked {
  const errors: FieldError[] = [];
  const fail = (e: FieldError): Checked => ({ value: raw, errors: [e] });
  switch (field.type) {
    case 'text': {
      const s = str(raw);
      if (s === null) return fail(typeError(label));
      const n = [...s].length;
      if (field.maxLength !== undefined && n > field.maxLength) errors.push({ code: 'FORM-TOO-LONG', message: `「${label}」は${field.maxLength}文字以内で入力してください（いま${n}文字です）。` });
      if (field.minLength !== undefined && n < field.minLength) errors.push({ code: 'FORM-TOO-SHORT', message: `「${label}」は${field.minLength}文字以上で入力してください。` });
      if (field.pattern && !(safeRegExp(field.pattern.regex)?.test(s) ?? false)) errors.push({ code: 'FORM-PATTERN', message: field.pattern.message });
      return { value: s, errors };
    }
    case 'kana': {
      const s = str(raw);
      if (s === null) return fail(typeError(label));
      const kana = normalizeKana(s);
      const k = kana.ok ? kana.value : s;
      if (!kana.ok) errors.push({ code: 'FORM-KANA', message: `「${label}」はカタカナ（またはひらがな）で入力してください。` });
      if (field.maxLength !== undefined && [...k].length > field.maxLength) errors.push({ code: 'FORM-TOO-LONG', message: `「${label}」は${field.maxLength}文字以内で入力してください。` });
      return { value: k, errors };
    }
    case 'date': {
      const s = str(raw);
      if (s === null) return fail(typeError(label));
      let iso = s;
      if (!isIsoDate(s)) {
        const parsed = parseJapaneseDate(s);
        if (!parsed.ok) return fail({ code: 'FORM-DATE', message: `「${label}」: ${parsed.message}` });
        iso = parsed.value;
      }
      const min = dateBound('min');
      const max = dateBound('max');
      if (isIsoDate(min) && iso < min) errors.push({ code: 'FORM-DATE-RANGE', message: `「${label}」は${wareki(min)}以降の日付にしてください。` });
      if (isIsoDate(max) && iso > max) errors.push({ code: 'FORM-DATE-RANGE', message: `「${label}」は${wareki(max)}以前の日付にしてください。` });
      return { value: iso, errors };
    }
    case 'address': {
      if (!isRecord(raw)) return fail(typeError(label));
      const address = str(raw['address']) ?? '';
      const building = str(raw['building']) ?? '';
      const postalRaw = str(raw['postalCode']) ?? '';
      const postal = postalRaw === '' ? '' : postalCodeDigits(postalRaw);
      if (postal === null) errors.push({ code: 'FORM-POSTAL-CODE', message: `「${label}」の郵便番号は7桁の数字で入力してください（例: 999-4292）。` });
      else if (postal === '' && field.requirePostalCode) errors.push({ code: 'FORM-POSTAL-CODE', message: `「${label}」の郵便番号を入力してください。わからないときは職員にお尋ねください。` });
      if (address === '') errors.push({ code: 'FORM-ADDRESS', message: `「${label}」の住所（市区町村から番地まで）を入力してください。` });
      const value: Record<string, string> = { postalCode: postal ?? postalRaw, address };
      if (building !== '') value['building'] = building;
      return { value, errors };
    }
    case 'phone': {
      const s = str(raw);
      if (s === null) return fail(typeError(label));
      const t = s.normalize('NFKC').replace(/[ー−‐]/g, '-').replace(/[()\s]/g, '');
      const digits = t.replace(/-/g, '');
      if (!/^[\d-]+$/.test(t) || !/^0\d{9,10}$/.test(digits)) errors.push({ code: 'FORM-PHONE', message: `「${label}」は0で始まる10桁または11桁の番号で入力してください（例: 0237-22-1111）。` });
      return { value: t, errors };
    }
    case 'choice': {
      const allowed = new Set(field.options.map((o) => o.value));
      if (field.multiple) {
        if (!Array.isArray(raw) || !raw.every((x) => typeof x === 'string')) return fail(typeError(label));
        if (!raw.every((x) => allowed.has(x))) errors.push({ code: 'FORM-CHOICE', message: `「${label}」は一覧にある項目から選んでください。` });
        return { value: [...raw], errors };
      }
      if (typeof raw !== 'string') return fail(typeError(label));
      if (!allowed.has(raw)) errors.push({ code: 'FORM-CHOICE', message: `「${label}」は一覧にある項目から選んでください。` });
      return { value: raw, errors };
    }
    case 'number': case 'money': {
      const n = toNumber(raw);
      if (n === null) return fail({ code: 'FORM-NUMBER', message: `「${label}」は数字で入力してください。` });
      const integer = field.type === 'money' || field.integer;
      if (integer && !Number.isInteger(n)) errors.push({ code: 'FORM-INTEGER', message: `「${label}」は整数で入力してください。` });
      if (field.type === 'money' && n < 0) errors.push({ code: 'FORM-RANGE', message: `「${label}」は0円以上で入力してください。` });
      const unit = field.type === 'money' ? '円' : (field.unit ?? '');
      if (field.min !== undefined && n < field.min) errors.push({ code: 'FORM-RANGE', message: `「${label}」は${field.min.toLocaleString('ja-JP')}${unit}以上で入力してください。` });
      if (field.max !== undefined && n > field.max) errors.push({ code: 'FORM-RANGE', message: `「${label}」は${field.max.toLocaleString('ja-JP')}${unit}以下で入力してください。` });
      return { value: n, errors };
    }
    case 'boolean':
      return typeof raw === 'boolean' ? { value: raw, errors } : fail(typeError(label));
    case 'file': {
      const attachment = def.attachments.find((a) => a.id === field.attachmentId);
      if (!Array.isArray(raw)) return fail(typeError(label));
      const files = raw.filter(isRecord);
      if (files.length !== raw.length) return fail(typeError(label));
      if (files.length > field.maxFiles) errors.push({ code: 'FORM-FILE-COUNT', message: `「${label}」は${field.maxFiles}件まで添付できます。余分なファイルを外してください。` });
      for (const f of files) {
        const name = String(f['name'] ?? '');
        if (attachment && !attachment.accept.includes(String(f['mediaType']))) errors.push({ code: 'FORM-FILE-TYPE', message: `「${name}」は添付できない形式です。${attachment.accept.map(mediaLabel).join('・')}のファイルを選んでください。` });
        const size = Number(f['sizeBytes']);
        if (attachment && !(size <= attachment.maxSizeMb * 1024 * 1024)) errors.push({ code: 'FORM-FILE-SIZE', message: `「${name}」は${attachment.maxSizeMb}MBを超えています。小さくしてから添付してください。` });
      }
      return { value: files, errors };
    }
    case 'signature': {
      if (!isRecord(raw) || typeof raw['method'] !== 'string' || typeof raw['ref'] !== 'string' || raw['ref'] === '') return fail(typeError(label));
      if (!(field.methods as readonly string[]).includes(raw['method'])) errors.push({ code: 'FORM-SIGNATURE', message: `「${label}」はこの手続きでは使えない方法で署名されています。${field.methods.map((m) => (m === 'jpki' ? 'マイナンバーカードの電子署名' : '手書き署名')).join('または')}で署名してください。` });
      return { value: { method: raw['method'], ref: raw['ref'] }, errors };
    }
    case 'person': {
      if (!isRecord(raw) || typeof raw['name'] !== 'string' || raw['name'].trim() === '') return fail({ code: 'FORM-PERSON', message: `「${label}」は住民記録から人を選んでください。` });
      const code = raw['residentRecordCode'];
      if (code !== undefined && !(typeof code === 'string' && /^\d{11}$/.test(code))) errors.push({ code: 'FORM-PERSON', message: `「${label}」の住民票コードは11桁の数字です。選び直してください。` });
      return { value: { ...raw }, errors };
    }
    case 'individualNumber': {
      const s = str(raw);
      if (s === null) return fail(typeError(label));
      const digits = s.normalize('NFKC').replace(/[\s-]/g, '');
      if (!isValidIndividualNumber(digits)) errors.push({ code: 'FORM-INDIVIDUAL-NUMBER', message: `「${label}」が正しくありません。12桁の番号をカードの表示どおりに入力してください。` });
      return { value: digits, errors };
    }
  }
}

function mediaLabel(type: string): string {
  const known: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'image/heic': 'HEIC' };
  return known[type] ?? type;
}

function wareki(iso: string): string {
  return formatWareki(iso);
}
