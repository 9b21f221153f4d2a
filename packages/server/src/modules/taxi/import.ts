import { randomUUID } from 'node:crypto';
import { normalizeName, parseJapaneseDate } from '@madoguchi/jp';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { Services } from '../../platform/http/context';
import { AppError, notFound } from '../../platform/http/errors';
import { PgRegistry } from '../registry/pg-registry';
import { CsvSyntaxError, decodeCsvBytes, formatAddress, parseCsv } from '../registry/service';
import type { ResidentRecord } from '../registry/types';
import { assertProgrammeReviewer, type Db } from './access';
import { createBeneficiary } from './beneficiaries';
import { evaluateEligibility, type EligibilityAnswers } from './eligibility';
import { loadProgrammeRow, rulesAt } from './programmes';

/**
 * Residents who already hold paper tickets, brought over from the old list (CSV, UTF-8 or Shift_JIS).
 * Columns: 氏名, フリガナ, 生年月日 (西暦 or 和暦), 住所, 対象区分 (optional: 年齢 / 身体障害者手帳 /
 * 精神障害者保健福祉手帳 / 療育手帳 / 免許返納 / 自動車なし), 券番号 (optional).
 * A row whose name and birth date match exactly one resident living in the city, who is eligible,
 * becomes a beneficiary at once; anything less certain waits for staff with the candidates found.
 */
const MAX_ROWS = 5000;
const HEADERS = { name: ['氏名', '名前'], kana: ['フリガナ', 'ふりがな', 'カナ', '氏名カナ'], birth: ['生年月日'], address: ['住所'], category: ['対象区分', '区分'], ticket: ['券番号', '旧券番号'] };

interface ImportData { name: string; kana: string; birthDate: string | null; birthText: string; address: string; category: string; ticket: string }

function answersFor(category: string): EligibilityAnswers {
  const c = category.replace(/\s/g, '');
  return {
    disabilityCertificate: c.includes('身体') ? 'physical' : c.includes('精神') ? 'mental' : c.includes('療育') ? 'rehabilitation' : 'none',
    licenceReturned: c.includes('返納'),
    householdHasCar: !(c.includes('自動車なし') || c.includes('車なし')),
  };
}

const candidateView = (r: ResidentRecord) => ({ residentId: r.id, name: `${r.familyName} ${r.givenName}`, kana: `${r.familyNameKana} ${r.givenNameKana}`, birthDate: r.birthDate, address: formatAddress(r.address), status: r.status });

async function matchRow(db: Db, m: string, d: ImportData) {
  const registry = new PgRegistry(db);
  const compact = (s: string) => normalizeName(s).replace(/\s+/g, '');
  if (d.birthDate) {
    const exact = (await registry.search(m, { q: d.name, birth: { from: d.birthDate, to: d.birthDate }, limit: 5, offset: 0 })).items
      .filter((r) => compact(`${r.familyName}${r.givenName}`) === compact(d.name));
    const living = exact.filter((r) => r.status === 'active');
    if (living.length === 1 && exact.length === 1) return { match: 'matched' as const, resident: living[0]!, candidates: exact };
    if (exact.length > 0) return { match: 'doubtful' as const, resident: null, candidates: exact };
    if (d.kana) {
      const byKana = (await registry.search(m, { q: d.kana, birth: { from: d.birthDate, to: d.birthDate }, limit: 5, offset: 0 })).items;
      if (byKana.length > 0) return { match: 'doubtful' as const, resident: null, candidates: byKana };
    }
  }
  const byName = (await registry.search(m, { q: d.name, limit: 5, offset: 0 })).items.filter((r) => compact(`${r.familyName}${r.givenName}`) === compact(d.name));
  if (byName.length > 0) return { match: 'doubtful' as const, resident: null, candidates: byName };
  return { match: 'unmatched' as const, resident: null, candidates: [] as ResidentRecord[] };
}

export async function importHolders(services: Services, staff: StaffPrincipal, programmeId: string, bytes: Uint8Array, filename: string, contentType: string, requestId: string | null) {
  const m = staff.municipalityId;
  const now = services.now();
  if (!contentType.startsWith('text/csv')) throw new AppError(400, 'IMPORT_NOT_CSV', 'CSVファイル（Content-Type: text/csv）を送信してください。');
  const programme = await loadProgrammeRow(services.db, m, programmeId);
  assertProgrammeReviewer(staff, programme);
  const { text, encoding } = decodeCsvBytes(bytes);
  let rows;
  try {
    rows = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new AppError(400, 'TAXI_IMPORT_CSV_INVALID', `CSVの${e.line}行目を読み取れません。引用符（"）の対応を確かめてください。`);
    throw e;
  }
  const header = rows[0]?.fields.map((h) => h.trim()) ?? [];
  const col = (names: string[]) => header.findIndex((h) => names.includes(h));
  const idx = { name: col(HEADERS.name), kana: col(HEADERS.kana), birth: col(HEADERS.birth), address: col(HEADERS.address), category: col(HEADERS.category), ticket: col(HEADERS.ticket) };
  if (idx.name < 0 || idx.birth < 0) throw new AppError(400, 'TAXI_IMPORT_COLUMNS', '1行目に「氏名」と「生年月日」の列名が必要です。列名を確かめてください。');
  const body = rows.slice(1).filter((r) => r.fields.some((f) => f.trim() !== ''));
  if (body.length === 0) throw new AppError(400, 'TAXI_IMPORT_EMPTY', '取り込む行がありません。');
  if (body.length > MAX_ROWS) throw new AppError(400, 'TAXI_IMPORT_TOO_LARGE', `一度に取り込めるのは${MAX_ROWS}行までです。ファイルを分けてください。`);
  const importId = randomUUID();
  const summary = { imported: 0, doubtful: 0, unmatched: 0, invalid: 0, notEligible: 0 };
  await services.db.transaction().execute(async (trx) => {
    const { rules } = await rulesAt(trx, m, programmeId, now);
    await trx.insertInto('taxi_import').values({ municipality_id: m, id: importId, programme_id: programmeId, filename, encoding, created_at: now, created_by: staff.id }).execute();
    for (const [i, row] of body.entries()) {
      const f = (k: keyof typeof idx) => (idx[k] >= 0 ? (row.fields[idx[k]] ?? '').trim() : '');
      const parsedBirth = parseJapaneseDate(f('birth'));
      const birthDate: string | null = parsedBirth.ok ? parsedBirth.value : null;
      const data: ImportData = { name: f('name'), kana: f('kana'), birthDate, birthText: f('birth'), address: f('address'), category: f('category'), ticket: f('ticket') };
      const rowNo = i + 1;
      if (!data.name || !birthDate) {
        summary.invalid += 1;
        await trx.insertInto('taxi_import_row').values({ municipality_id: m, import_id: importId, row_no: rowNo, data: JSON.stringify(data), match: 'invalid', decision: 'pending', resident_id: null, candidates: '[]', note: !data.name ? '氏名がありません' : '生年月日を読み取れません' }).execute();
        continue;
      }
      const found = await matchRow(trx, m, data);
      let decision: 'pending' | 'imported' = 'pending';
      let beneficiaryId: string | null = null;
      let note = '';
      if (found.match === 'matched') {
        const r = found.resident;
        const existing = await trx.selectFrom('taxi_beneficiary').select('number').where('municipality_id', '=', m).where('programme_id', '=', programmeId).where('resident_id', '=', r.id).executeTakeFirst();
        const result = evaluateEligibility(rules, { status: r.status, birthDate: r.birthDate }, answersFor(data.category), new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10));
        if (existing) note = `すでに利用者です（${existing.number}）`;
        else if (!result.eligible) {
          note = `要件を確認してください：${result.summary}`;
          summary.notEligible += 1;
        } else {
          beneficiaryId = await createBeneficiary(trx, staff, { programmeId, residentId: r.id, answers: answersFor(data.category), caseId: null, source: 'import' }, now, requestId);
          decision = 'imported';
          summary.imported += 1;
        }
      } else if (found.match === 'doubtful') summary.doubtful += 1;
      else summary.unmatched += 1;
      await trx.insertInto('taxi_import_row').values({
        municipality_id: m, import_id: importId, row_no: rowNo, data: JSON.stringify(data), match: found.match, decision,
        resident_id: found.resident?.id ?? null, candidates: JSON.stringify(found.candidates.map(candidateView)), note, beneficiary_id: beneficiaryId,
        decided_by: decision === 'imported' ? staff.id : null, decided_at: decision === 'imported' ? now : null,
      }).execute();
    }
    await appendAudit(trx, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.import', subjectType: 'taxi_programme', subjectId: programmeId, purpose: '紙のタクシー券の利用者の移行', requestId, details: { importId, rows: body.length, ...summary } }, now);
  });
  return { importId, encoding, rows: body.length, ...summary };
}

export async function getImport(services: Services, staff: StaffPrincipal, importId: string, requestId: string | null) {
  const m = staff.municipalityId;
  const imp = await services.db.selectFrom('taxi_import').selectAll().where('municipality_id', '=', m).where('id', '=', importId).executeTakeFirst();
  if (!imp) throw notFound('TAXI_IMPORT_NOT_FOUND', '取込が見つかりません。');
  assertProgrammeReviewer(staff, await loadProgrammeRow(services.db, m, imp.programme_id));
  const rows = await services.db.selectFrom('taxi_import_row').selectAll().where('municipality_id', '=', m).where('import_id', '=', importId).orderBy('row_no').execute();
  await appendAudit(services.db, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.import', subjectType: 'taxi_programme', subjectId: imp.programme_id, purpose: '紙のタクシー券の利用者の移行（確認）', requestId, details: { importId, read: true, residentIds: rows.flatMap((r) => (r.candidates as { residentId: string }[]).map((x) => x.residentId)) } }, services.now());
  return {
    import: { id: imp.id, programmeId: imp.programme_id, filename: imp.filename, encoding: imp.encoding, createdAt: imp.created_at.toISOString() },
    rows: rows.map((r) => ({ rowNo: r.row_no, data: r.data as ImportData, match: r.match, decision: r.decision, residentId: r.resident_id, candidates: r.candidates as ReturnType<typeof candidateView>[], note: r.note, beneficiaryId: r.beneficiary_id })),
  };
}

/** Staff decide a row that was not certain: register it as one of the candidates (or any resident they found), or skip it. */
export async function decideImportRow(services: Services, staff: StaffPrincipal, importId: string, rowNo: number, input: { decision: 'import' | 'skip'; residentId: string | null; note: string }, requestId: string | null) {
  const m = staff.municipalityId;
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    const imp = await trx.selectFrom('taxi_import').selectAll().where('municipality_id', '=', m).where('id', '=', importId).executeTakeFirst();
    if (!imp) throw notFound('TAXI_IMPORT_NOT_FOUND', '取込が見つかりません。');
    assertProgrammeReviewer(staff, await loadProgrammeRow(trx, m, imp.programme_id));
    const row = await trx.selectFrom('taxi_import_row').selectAll().where('municipality_id', '=', m).where('import_id', '=', importId).where('row_no', '=', rowNo).forUpdate().executeTakeFirst();
    if (!row) throw notFound('TAXI_IMPORT_ROW_NOT_FOUND', 'この行が見つかりません。画面を開き直してください。');
    if (row.decision !== 'pending') throw new AppError(409, 'TAXI_IMPORT_ROW_DECIDED', 'この行はすでに判断済みです。');
    let beneficiaryId: string | null = null;
    if (input.decision === 'import') {
      if (!input.residentId) throw new AppError(422, 'TAXI_IMPORT_RESIDENT_REQUIRED', '登録する住民を候補から選んでください。');
      beneficiaryId = await createBeneficiary(trx, staff, { programmeId: imp.programme_id, residentId: input.residentId, answers: answersFor((row.data as ImportData).category), caseId: null, source: 'import' }, now, requestId);
    }
    await trx.updateTable('taxi_import_row').set({ decision: input.decision === 'import' ? 'imported' : 'skipped', resident_id: input.residentId, beneficiary_id: beneficiaryId, note: input.note || row.note, decided_by: staff.id, decided_at: now })
      .where('municipality_id', '=', m).where('import_id', '=', importId).where('row_no', '=', rowNo).execute();
    await appendAudit(trx, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.import_decide', subjectType: 'resident', subjectId: input.residentId, purpose: '紙のタクシー券の利用者の移行', requestId, details: { importId, rowNo, decision: input.decision } }, now);
  });
  return getImport(services, staff, importId, requestId);
}
