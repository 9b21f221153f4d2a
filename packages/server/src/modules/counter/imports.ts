import { z } from 'zod';
import { isIsoDate, parseJapaneseDate } from '@madoguchi/jp';
import type { HealthInsurance, PensionCategory } from '@madoguchi/procedures';
import { AppError } from '../../platform/http/errors';
import { CsvSyntaxError, parseCsv } from '../registry/service';

/**
 * The adapter for what arrives before a move-in: the national moving service's 転入予約
 * (引越しワンストップサービス) and the previous city's 転出証明書 data. Real feeds come through the
 * 住基ネット CS in vendor formats; a city maps them to one of these two documented shapes.
 *
 * JSON ("madoguchi.move/1"):
 *   { "format": "madoguchi.move/1", "kind": "moveOutCertificate" | "moveInReservation",
 *     "moveOutDate": "2026-11-15",            // 転出日・転出予定日
 *     "plannedMoveInDate": "2026-11-20",      // 転入予定日 (転入予約のみ)
 *     "previousAddress": { "postalCode": "3300063", "address": "埼玉県さいたま市…", "building": null },
 *     "newAddress": { … } | null,             // 転入先 (予約) / 転出先 as written on the certificate
 *     "phone": "090-1234-5678" | null,
 *     "members": [{ "familyName", "givenName", "familyNameKana", "givenNameKana", "birthDate",
 *                   "sex": "male"|"female"|"男"|"女", "relationship": "世帯主"|"妻"|"子"…,
 *                   "nationalHealthInsurance": bool, "lateElderlyInsurance": bool, "careInsurance": bool,
 *                   "pensionCategory": "第1号"|"第2号"|"第3号"|"受給"|"なし"|(code), "childAllowance": bool,
 *                   "myNumberCard": bool }] }
 *
 * CSV (UTF-8 or Shift_JIS, one row per person, a header row with these names; household columns
 * may be repeated on every row or left empty after the first):
 *   種別, 転出日, 転入予定日, 前住所郵便番号, 前住所, 前住所方書, 転入先郵便番号, 転入先住所, 転入先方書,
 *   電話番号, 氏, 名, 氏カナ, 名カナ, 生年月日, 性別, 続柄, 国保, 後期高齢, 介護保険, 年金種別, 児童手当, マイナンバーカード
 *   (種別: 転出証明書 / 転入予約; dates ISO or 和暦; yes/no as ○・1・はい・有 / 空欄)
 *
 * The real 転出証明書 information carries the individual number; it is never read here. A column
 * or key that looks like one is dropped and reported, so it cannot end up in a visit or a case.
 */

export interface MoveData {
  kind: 'moveOutCertificate' | 'moveInReservation';
  moveOutDate: string | null;
  plannedMoveInDate: string | null;
  previousAddress: { postalCode: string; address: string; building?: string } | null;
  newAddress: { postalCode: string; address: string; building?: string } | null;
  phone: string | null;
  members: {
    familyName: string; givenName: string; familyNameKana: string; givenNameKana: string; birthDate: string;
    sex: 'male' | 'female' | null; relationship: string; healthInsurance: HealthInsurance; pensionCategory: PensionCategory; myNumberCard: boolean | null; childAllowance: boolean;
  }[];
  /** Names of columns or keys dropped because they would hold an individual number. */
  dropped: string[];
  warnings: string[];
}

const INDIVIDUAL_NUMBER_KEY = /個人番号|マイナンバー(?!カード)|individual.?number|mynumber(?!card)/i;

const invalid = (message: string, details: { path: string; message: string }[] = []) =>
  new AppError(422, 'MOVE_DATA_INVALID', `${message}（まだ何も取り込んでいません）`, details);

function toDate(value: unknown, path: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  const text = String(value).trim();
  if (isIsoDate(text)) return text;
  const parsed = parseJapaneseDate(text);
  if (parsed.ok) return parsed.value;
  throw invalid(`${path} の日付「${text}」を読み取れません。YYYY-MM-DD か和暦（令和8年11月15日）で書いてください。`, [{ path, message: '日付を確かめてください。' }]);
}

const YES = new Set(['○', '〇', '1', 'true', 'はい', '有', 'あり', 'yes', 'y']);
const yes = (v: unknown) => v === true || (typeof v === 'string' && YES.has(v.trim().toLowerCase()));

function sexOf(v: unknown): 'male' | 'female' | null {
  const t = typeof v === 'string' ? v.trim() : '';
  if (t === 'male' || t === '男' || t === '1') return 'male';
  if (t === 'female' || t === '女' || t === '2') return 'female';
  return null;
}

function pensionOf(v: unknown): PensionCategory {
  const t = typeof v === 'string' ? v.normalize('NFKC').trim() : '';
  const map: Record<string, PensionCategory> = { '第1号': 'first', '1号': 'first', first: 'first', '第2号': 'second', '2号': 'second', second: 'second', '第3号': 'third', '3号': 'third', third: 'third', '受給': 'receiving', '受給者': 'receiving', receiving: 'receiving', 'なし': 'none', none: 'none' };
  return map[t] ?? 'unknown';
}

function insuranceOf(nhi: unknown, lateElderly: unknown): HealthInsurance {
  if (yes(lateElderly)) return 'lateElderly';
  if (yes(nhi)) return 'national';
  // The certificate records only 国保・後期高齢; anyone else has some other insurance or none.
  return 'unknown';
}

const addressSchema = z.object({ postalCode: z.string().max(10).default(''), address: z.string().min(1).max(200), building: z.string().max(100).nullable().optional() });
const memberSchema = z.object({
  familyName: z.string().min(1).max(30), givenName: z.string().max(30).default(''),
  familyNameKana: z.string().max(40).default(''), givenNameKana: z.string().max(40).default(''),
  birthDate: z.string().min(1), sex: z.string().optional(), relationship: z.string().max(20).default(''),
  nationalHealthInsurance: z.boolean().optional(), lateElderlyInsurance: z.boolean().optional(), careInsurance: z.boolean().optional(),
  pensionCategory: z.string().optional(), childAllowance: z.boolean().optional(), myNumberCard: z.boolean().optional(),
}).passthrough();
const jsonSchema = z.object({
  format: z.literal('madoguchi.move/1'),
  kind: z.enum(['moveOutCertificate', 'moveInReservation']),
  moveOutDate: z.string().nullable().optional(),
  plannedMoveInDate: z.string().nullable().optional(),
  previousAddress: addressSchema.nullable().optional(),
  newAddress: addressSchema.nullable().optional(),
  phone: z.string().max(20).nullable().optional(),
  members: z.array(memberSchema).min(1, '世帯員が1人もいません。').max(12),
}).passthrough();

const cleanAddress = (a: z.infer<typeof addressSchema> | null | undefined) =>
  a ? { postalCode: a.postalCode.normalize('NFKC').replace(/[^\d]/g, ''), address: a.address.normalize('NFKC').trim(), ...(a.building ? { building: a.building.trim() } : {}) } : null;

function dropIndividualNumbers(value: unknown, path: string, dropped: string[]): unknown {
  if (Array.isArray(value)) return value.map((v, i) => dropIndividualNumbers(v, `${path}[${i}]`, dropped));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (INDIVIDUAL_NUMBER_KEY.test(k)) {
        if (!dropped.includes(k)) dropped.push(k);
        continue;
      }
      out[k] = dropIndividualNumbers(v, `${path}.${k}`, dropped);
    }
    return out;
  }
  return value;
}

function fromJson(content: string): MoveData {
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch {
    throw invalid('JSONとして読み取れません。ファイルの形式を確かめてください');
  }
  const dropped: string[] = [];
  const parsed = jsonSchema.safeParse(dropIndividualNumbers(raw, '$', dropped));
  if (!parsed.success) {
    throw invalid('転出証明書・転入予約のデータ（madoguchi.move/1）の形式に合いません', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const d = parsed.data;
  return finish({
    kind: d.kind,
    moveOutDate: toDate(d.moveOutDate, 'moveOutDate'),
    plannedMoveInDate: toDate(d.plannedMoveInDate, 'plannedMoveInDate'),
    previousAddress: cleanAddress(d.previousAddress),
    newAddress: cleanAddress(d.newAddress),
    phone: d.phone?.trim() || null,
    members: d.members.map((m, i) => ({
      familyName: m.familyName.trim(), givenName: m.givenName.trim(), familyNameKana: m.familyNameKana.trim(), givenNameKana: m.givenNameKana.trim(),
      birthDate: toDate(m.birthDate, `members[${i}].birthDate`) ?? '', sex: sexOf(m.sex), relationship: m.relationship.trim(),
      healthInsurance: insuranceOf(m.nationalHealthInsurance, m.lateElderlyInsurance), pensionCategory: pensionOf(m.pensionCategory),
      myNumberCard: m.myNumberCard ?? null, childAllowance: m.childAllowance === true,
    })),
    dropped,
    warnings: [],
  });
}

const CSV_COLUMNS = ['種別', '転出日', '転入予定日', '前住所郵便番号', '前住所', '前住所方書', '転入先郵便番号', '転入先住所', '転入先方書', '電話番号', '氏', '名', '氏カナ', '名カナ', '生年月日', '性別', '続柄', '国保', '後期高齢', '介護保険', '年金種別', '児童手当', 'マイナンバーカード'] as const;

function fromCsv(content: string): MoveData {
  let rows;
  try {
    rows = parseCsv(content.replace(/^\uFEFF/, ''));
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw invalid(`CSVを読み取れません: ${e.message}`);
    throw e;
  }
  const [header, ...body] = rows;
  if (!header || body.length === 0) throw invalid('CSVに見出しの行と、1人以上の行が必要です');
  const names = header.fields.map((f) => f.trim());
  const dropped = names.filter((n) => INDIVIDUAL_NUMBER_KEY.test(n));
  const missing = ['氏', '生年月日'].filter((c) => !names.includes(c));
  if (missing.length > 0) throw invalid(`CSVの見出しに ${missing.join('・')} がありません。列の名前は README の一覧のとおりにしてください`);
  const unknown = names.filter((n) => n !== '' && !dropped.includes(n) && !(CSV_COLUMNS as readonly string[]).includes(n));
  const cell = (fields: string[], name: (typeof CSV_COLUMNS)[number]) => {
    const i = names.indexOf(name);
    return i >= 0 ? (fields[i] ?? '').trim() : '';
  };
  const first = (name: (typeof CSV_COLUMNS)[number]) => body.map((r) => cell(r.fields, name)).find((v) => v !== '') ?? '';
  const kindText = first('種別');
  const kind = kindText === '転入予約' ? 'moveInReservation' : 'moveOutCertificate';
  const address = (postal: (typeof CSV_COLUMNS)[number], text: (typeof CSV_COLUMNS)[number], building: (typeof CSV_COLUMNS)[number]) =>
    first(text) ? cleanAddress({ postalCode: first(postal), address: first(text), building: first(building) || null }) : null;
  return finish({
    kind,
    moveOutDate: toDate(first('転出日'), '転出日'),
    plannedMoveInDate: toDate(first('転入予定日'), '転入予定日'),
    previousAddress: address('前住所郵便番号', '前住所', '前住所方書'),
    newAddress: address('転入先郵便番号', '転入先住所', '転入先方書'),
    phone: first('電話番号') || null,
    members: body.map((r) => ({
      familyName: cell(r.fields, '氏'), givenName: cell(r.fields, '名'), familyNameKana: cell(r.fields, '氏カナ'), givenNameKana: cell(r.fields, '名カナ'),
      birthDate: toDate(cell(r.fields, '生年月日'), `${r.line}行目の生年月日`) ?? '', sex: sexOf(cell(r.fields, '性別')), relationship: cell(r.fields, '続柄'),
      healthInsurance: insuranceOf(cell(r.fields, '国保'), cell(r.fields, '後期高齢')), pensionCategory: pensionOf(cell(r.fields, '年金種別')),
      myNumberCard: cell(r.fields, 'マイナンバーカード') === '' ? null : yes(cell(r.fields, 'マイナンバーカード')), childAllowance: yes(cell(r.fields, '児童手当')),
    })),
    dropped,
    warnings: unknown.length > 0 ? [`知らない列を読み飛ばしました: ${unknown.join('、')}`] : [],
  });
}

function finish(d: MoveData): MoveData {
  const bad = d.members.findIndex((m) => !m.familyName || !m.birthDate);
  if (bad >= 0) throw invalid(`${bad + 1}人目の氏または生年月日がありません`);
  const warnings = [...d.warnings];
  if (d.dropped.length > 0) warnings.push(`個人番号の項目（${d.dropped.join('、')}）は読み込みませんでした。個人番号は各課の個人番号利用事務の画面で扱います。`);
  const noKana = d.members.filter((m) => !m.familyNameKana || !m.givenNameKana).length;
  if (noKana > 0) warnings.push(`ふりがなのない人が${noKana}人います。聞き取りで入力してください。`);
  return { ...d, warnings };
}

export function parseMoveData(format: 'json' | 'csv', content: string): MoveData {
  if (content.length > 200_000) throw invalid('データが大きすぎます（200KBまで）');
  return format === 'json' ? fromJson(content) : fromCsv(content);
}
