import type { Kysely } from 'kysely';
import { normalizeName, parseJapaneseDate, todayInJapan, validateKatakanaName, validatePostalCode } from '@madoguchi/jp';
import type { Database } from '../../platform/db/schema';
import type { ErrorDetail } from '../../platform/http/errors';
import { CsvSyntaxError, decodeCsvBytes, parseCsv } from './csv';
import type { NewHousehold, NewResident, Sex } from './types';

/** The columns of a registry CSV, by their Japanese header. Order in the file does not matter. */
export const IMPORT_COLUMNS = {
  householdKey: '世帯番号',
  residentRecordCode: '住民票コード',
  familyName: '氏',
  givenName: '名',
  familyNameKana: '氏カナ',
  givenNameKana: '名カナ',
  birthDate: '生年月日',
  sex: '性別',
  relationship: '続柄',
  postalCode: '郵便番号',
  prefecture: '都道府県',
  city: '市区町村',
  town: '町字',
  block: '番地',
  building: '方書',
  residentSince: '住民となった日',
  movedInFrom: '前住所',
} as const;
type Column = keyof typeof IMPORT_COLUMNS;
const OPTIONAL: ReadonlySet<Column> = new Set(['building', 'movedInFrom']);
export const MAX_IMPORT_ROWS = 200_000;

export interface ParsedImport {
  households: NewHousehold[];
  encoding: string;
  errors: ErrorDetail[];
}

const SEX: Record<string, Sex> = { 男: 'male', 女: 'female', 男性: 'male', 女性: 'female', male: 'male', female: 'female', '1': 'male', '2': 'female' };

/**
 * Reads and checks every row. Returns all problems at once (row number + column + what to fix),
 * so the person fixing the file sees the whole list, not one error per upload.
 */
export async function parseRegistryCsv(db: Kysely<Database>, municipalityId: string, bytes: Uint8Array): Promise<ParsedImport> {
  const { text, encoding } = decodeCsvBytes(bytes);
  const errors: ErrorDetail[] = [];
  let rows;
  try {
    rows = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return { households: [], encoding, errors: [{ path: `${e.line}行目`, message: e.message }] };
    throw e;
  }
  const header = rows.shift();
  if (!header) return { households: [], encoding, errors: [{ path: 'ファイル', message: 'ファイルが空です。見出し行とデータ行のあるCSVを選んでください。' }] };
  const index = new Map<Column, number>();
  for (const [key, label] of Object.entries(IMPORT_COLUMNS) as [Column, string][]) {
    const i = header.fields.findIndex((f) => f.trim() === label);
    if (i >= 0) index.set(key, i);
    else if (!OPTIONAL.has(key)) errors.push({ path: '見出し行', message: `「${label}」の列がありません。` });
  }
  if (errors.length > 0) return { households: [], encoding, errors };
  if (rows.length > MAX_IMPORT_ROWS) {
    return { households: [], encoding, errors: [{ path: 'ファイル', message: `一度に取り込めるのは${MAX_IMPORT_ROWS.toLocaleString('ja-JP')}行までです。ファイルを分けてください。` }] };
  }

  const today = todayInJapan();
  const byHousehold = new Map<string, { household: NewHousehold; line: number }>();
  const codesInFile = new Map<string, number>();
  for (const row of rows) {
    const get = (k: Column) => {
      const i = index.get(k);
      return i === undefined ? '' : (row.fields[i] ?? '').trim();
    };
    const fail = (k: Column, message: string) => errors.push({ path: `${row.line}行目: ${IMPORT_COLUMNS[k]}`, message });
    const before = errors.length;
    for (const k of Object.keys(IMPORT_COLUMNS) as Column[]) if (!OPTIONAL.has(k) && get(k) === '') fail(k, '入力されていません。');

    const code = normalizeName(get('residentRecordCode'));
    if (code && !/^\d{11}$/.test(code)) fail('residentRecordCode', '11桁の数字で入力してください。');
    else if (code && codesInFile.has(code)) fail('residentRecordCode', `${codesInFile.get(code)}行目と同じ住民票コードです。`);
    else if (code) codesInFile.set(code, row.line);

    // Readings typed in hiragana or half-width kana are accepted and stored as katakana.
    const kana = (k: 'familyNameKana' | 'givenNameKana') => {
      if (!get(k)) return '';
      const r = validateKatakanaName(get(k));
      if (!r.ok) fail(k, r.message);
      return r.ok ? r.value : '';
    };
    const familyNameKana = kana('familyNameKana');
    const givenNameKana = kana('givenNameKana');
    const parseDate = (k: 'birthDate' | 'residentSince') => {
      const raw = get(k);
      if (!raw) return null;
      const r = parseJapaneseDate(raw);
      if (!r.ok) {
        fail(k, r.message);
        return null;
      }
      if (r.value > today) {
        fail(k, '未来の日付は入力できません。');
        return null;
      }
      return r.value;
    };
    const birthDate = parseDate('birthDate');
    const residentSince = parseDate('residentSince');
    if (birthDate && residentSince && residentSince < birthDate) fail('residentSince', '生年月日より前の日付です。');
    const sex = SEX[get('sex')];
    if (get('sex') && !sex) fail('sex', '「男」または「女」で入力してください。');
    const postal = validatePostalCode(get('postalCode'));
    if (get('postalCode') && !postal.ok) fail('postalCode', postal.message);
    if (errors.length > before) continue;

    const member: NewResident = {
      residentRecordCode: code,
      familyName: normalizeName(get('familyName')),
      givenName: normalizeName(get('givenName')),
      familyNameKana,
      givenNameKana,
      birthDate: birthDate!,
      sex: sex!,
      relationship: normalizeName(get('relationship')),
      residentSince: residentSince!,
      movedInFrom: get('movedInFrom') || null,
    };
    const key = get('householdKey');
    const address = {
      prefecture: normalizeName(get('prefecture')), city: normalizeName(get('city')), town: normalizeName(get('town')),
      block: normalizeName(get('block')), building: get('building') ? normalizeName(get('building')) : null,
    };
    const existing = byHousehold.get(key);
    if (!existing) {
      byHousehold.set(key, { household: { postalCode: postal.ok ? postal.value : '', address, members: [member] }, line: row.line });
    } else {
      const a = existing.household.address;
      if (a.town !== address.town || a.block !== address.block || a.city !== address.city) {
        fail('town', `同じ世帯番号（${key}）の${existing.line}行目と住所が違います。`);
        continue;
      }
      existing.household.members.push(member);
    }
  }

  for (const [key, { household, line }] of byHousehold) {
    const heads = household.members.filter((m) => m.relationship === '世帯主');
    if (heads.length !== 1) {
      errors.push({ path: `${line}行目: 続柄`, message: `世帯番号${key}の世帯主が${heads.length}人です。世帯主は1人にしてください。` });
      continue;
    }
    household.members.sort((a, b) => Number(b.relationship === '世帯主') - Number(a.relationship === '世帯主'));
  }

  if (codesInFile.size > 0 && errors.length === 0) {
    const codes = [...codesInFile.keys()];
    for (let i = 0; i < codes.length; i += 1000) {
      const taken = await db.selectFrom('resident').select('resident_record_code')
        .where('municipality_id', '=', municipalityId).where('resident_record_code', 'in', codes.slice(i, i + 1000)).execute();
      for (const t of taken) {
        errors.push({ path: `${codesInFile.get(t.resident_record_code)}行目: 住民票コード`, message: 'この住民票コードの住民はすでに登録されています。' });
      }
    }
  }
  return { households: [...byHousehold.values()].map((v) => v.household), encoding, errors };
}
