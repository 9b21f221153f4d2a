import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { formatWarekiYear, fiscalYearOf, isValidIndividualNumber, todayInJapan, type IsoDate } from '@madoguchi/jp';
import type { CaseRecordTable, Database } from '../../platform/db/schema';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import { AppError, badRequest, notFound } from '../../platform/http/errors';
import { canMove, CASE_STATUS_LABELS, type CaseStatus, type Channel } from './state';

type Db = Kysely<Database> | Transaction<Database>;

export interface CasesDeps {
  db: Kysely<Database>;
  now: () => Date;
}

/** Who acts on a case. Residents act through the online portal, the system through jobs. */
export type CaseActor =
  | { kind: 'staff'; staff: StaffPrincipal }
  | { kind: 'resident'; municipalityId: string; label: string }
  | { kind: 'system'; municipalityId: string };

const municipalityOf = (a: CaseActor) => (a.kind === 'staff' ? a.staff.municipalityId : a.municipalityId);
const staffIdOf = (a: CaseActor) => (a.kind === 'staff' ? a.staff.id : null);

export interface NewCase {
  procedureId: string;
  procedureVersion: number;
  procedureHash: string;
  channel: Channel;
  subjectResidentId?: string | null;
  departmentId?: string | null;
  answers: Record<string, unknown>;
  /** The same key twice returns the first case instead of making a second one. */
  idempotencyKey?: string | null;
}

export interface CaseView {
  id: string;
  receiptNumber: string | null;
  procedureId: string;
  procedureVersion: number;
  procedureHash: string;
  channel: Channel;
  status: CaseStatus;
  statusLabel: string;
  subjectResidentId: string | null;
  departmentId: string | null;
  /** The staff member working on it (assigned in the inbox), if any. */
  assignedStaffId: string | null;
  answers: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  closedAt: string | null;
}

/**
 * The individual number never goes into case answers (番号法: only its own encrypted table).
 * A 12-digit string with a valid check digit anywhere in the answers is refused, whatever the field.
 */
export function assertNoIndividualNumber(value: unknown, path = 'answers'): void {
  if (typeof value === 'string') {
    const digits = value.normalize('NFKC').replace(/[\s-]/g, '');
    if (/^\d{12}$/.test(digits) && isValidIndividualNumber(digits)) {
      throw badRequest('INDIVIDUAL_NUMBER_IN_ANSWERS', '申請内容に個人番号が含まれています。個人番号は専用の欄（個人番号利用事務の手続き）でのみ扱います。', [{ path, message: 'この欄には個人番号を入力できません。' }]);
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertNoIndividualNumber(v, `${path}.${i}`));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) assertNoIndividualNumber(v, `${path}.${k}`);
  }
}

/** A case row as read (selectAll on case_record) in the shape callers get. */
export const caseViewOf = (row: Selectable<CaseRecordTable>): CaseView => toView(row);

function toView(row: Selectable<CaseRecordTable>): CaseView {
  return {
    id: row.id, receiptNumber: row.receipt_number, procedureId: row.procedure_id, procedureVersion: row.procedure_version,
    procedureHash: row.procedure_hash, channel: row.channel, status: row.status, statusLabel: CASE_STATUS_LABELS[row.status],
    subjectResidentId: row.subject_resident_id, departmentId: row.department_id, assignedStaffId: row.assigned_staff_id, answers: (row.answers ?? {}) as Record<string, unknown>,
    createdAt: new Date(row.created_at).toISOString(), updatedAt: new Date(row.updated_at).toISOString(),
    submittedAt: row.submitted_at ? new Date(row.submitted_at).toISOString() : null,
    closedAt: row.closed_at ? new Date(row.closed_at).toISOString() : null,
  };
}

async function appendAction(db: Db, municipalityId: string, caseId: string, actor: CaseActor, action: string, from: CaseStatus | null, to: CaseStatus | null, note: string | null, at: Date) {
  await db.insertInto('case_action').values({
    municipality_id: municipalityId, case_id: caseId,
    seq: sql<number>`(select coalesce(max(seq), 0) + 1 from case_action where municipality_id = ${municipalityId} and case_id = ${caseId})`,
    at, actor_kind: actor.kind, actor_staff_id: staffIdOf(actor), action, from_status: from, to_status: to, note,
  }).execute();
}

/** Creates a draft case. Call inside the transaction of the work that produced it. */
export async function createCase(db: Db, actor: CaseActor, input: NewCase, now: Date): Promise<CaseView> {
  assertNoIndividualNumber(input.answers);
  const municipalityId = municipalityOf(actor);
  if (input.idempotencyKey) {
    const existing = await db.selectFrom('case_record').selectAll().where('municipality_id', '=', municipalityId).where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
    if (existing) {
      if (existing.procedure_id !== input.procedureId) {
        throw new AppError(409, 'IDEMPOTENCY_KEY_REUSED', '同じ送信番号で別の手続きが送られました。画面を開き直してから、もう一度操作してください。');
      }
      return toView(existing);
    }
  }
  const id = randomUUID();
  await db.insertInto('case_record').values({
    municipality_id: municipalityId, id, receipt_number: null, procedure_id: input.procedureId, procedure_version: input.procedureVersion,
    procedure_hash: input.procedureHash, channel: input.channel, status: 'draft', subject_resident_id: input.subjectResidentId ?? null,
    department_id: input.departmentId ?? null, answers: JSON.stringify(input.answers), idempotency_key: input.idempotencyKey ?? null,
    created_by_staff_id: staffIdOf(actor), assigned_staff_id: null, created_at: now, updated_at: now, submitted_at: null, closed_at: null,
  }).execute();
  await appendAction(db, municipalityId, id, actor, 'create', null, 'draft', null, now);
  await appendAudit(db, {
    municipalityId, actorStaffId: staffIdOf(actor), action: 'case.create', subjectType: 'case', subjectId: id,
    purpose: input.procedureId, details: { channel: input.channel, subjectResidentId: input.subjectResidentId ?? null },
  }, now);
  return getCaseRow(db, municipalityId, id);
}

/** A case without its history (for work that only needs the case as it is now). */
export const getCaseView = (db: Db, municipalityId: string, id: string): Promise<CaseView> => getCaseRow(db, municipalityId, id);

async function getCaseRow(db: Db, municipalityId: string, id: string): Promise<CaseView> {
  const row = await db.selectFrom('case_record').selectAll().where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('CASE_NOT_FOUND', '該当する案件が見つかりません。一覧を更新してから選び直してください。');
  return toView(row);
}

const receiptPrefix = (now: Date) => {
  const fy = fiscalYearOf(todayInJapan(now));
  return { fy, era: formatWarekiYear(`${fy}-04-01` as IsoDate, { style: 'short' }) };
};

/** The sequence that numbers one city's receipts in one fiscal year (uuid hex: a safe identifier). */
const receiptSequence = (municipalityId: string, fy: number) => `receipt_no_${municipalityId.replace(/-/g, '')}_${fy}`;

/**
 * Creates the city's sequence for the year on its first receipt. Creators of one sequence take
 * turns (advisory lock); a sequence for a year the old counter already counted continues from it.
 */
async function createReceiptSequence(db: Db, municipalityId: string, fy: number, name: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(db);
  // Read from pg_class with this statement's snapshot: to_regclass goes by the backend's catalog
  // cache, which may not have taken in a sequence another creator committed while we waited.
  const exists = await sql<{ e: boolean }>`select exists (select 1 from pg_class where relname = ${name} and relkind = 'S'
    and relnamespace = (select oid from pg_namespace where nspname = current_schema())) as e`.execute(db);
  if (exists.rows[0]?.e) return;
  await sql`create sequence ${sql.id(name)} as bigint minvalue 1`.execute(db);
  const counted = await db.selectFrom('receipt_counter').select('last_number')
    .where('municipality_id', '=', municipalityId).where('fiscal_year', '=', fy).executeTakeFirst();
  if (counted && Number(counted.last_number) > 0) await sql`select setval(${name}, ${Number(counted.last_number)})`.execute(db);
}

/**
 * Per database (the Kysely instance): the receipt sequences known to exist (they are never
 * dropped), or being checked — callers at the same moment share one check instead of each taking
 * a pooled connection for it.
 */
const knownSequences = new WeakMap<Kysely<Database>, Map<string, Promise<void>>>();

/**
 * Makes sure the city's receipt sequence for the current fiscal year exists, in a short
 * transaction of its own, before a submitting transaction needs it. Created inside the submitting
 * transaction instead, its advisory lock is held until that transaction commits: at the year's
 * first receipts every submission that came meanwhile waits for the one before it to commit
 * (bench/online-submit.ts: the slowest requests of the run). Checked once per process, city and
 * year; nextReceiptNumber still creates the sequence itself if it is missing.
 */
export function ensureReceiptSequence(db: Kysely<Database>, municipalityId: string, now: Date): Promise<void> {
  const { fy } = receiptPrefix(now);
  const name = receiptSequence(municipalityId, fy);
  let known = knownSequences.get(db);
  if (!known) {
    known = new Map();
    knownSequences.set(db, known);
  }
  let ensured = known.get(name);
  if (!ensured) {
    ensured = (async () => {
      const exists = await sql<{ r: string | null }>`select to_regclass(${name})::text as r`.execute(db);
      if (!exists.rows[0]?.r) await db.transaction().execute((trx) => createReceiptSequence(trx, municipalityId, fy, name));
    })();
    known.set(name, ensured);
    // A failed check is tried again by the next caller.
    ensured.catch(() => known.delete(name));
  }
  return ensured;
}

/**
 * 受付番号: the fiscal year in 和暦 and a number counted per municipality and year (R8-000123).
 * The number comes from a sequence per city and year: unique and increasing, and taken without a
 * lock, so one city's submissions never wait on each other for it (bench/online-submit.ts: a
 * counter row locked until commit serialised them). A submission that fails after taking its
 * number leaves a gap; the number is never reused.
 */
export async function nextReceiptNumber(db: Db, municipalityId: string, now: Date): Promise<string> {
  const { fy, era } = receiptPrefix(now);
  const name = receiptSequence(municipalityId, fy);
  const take = () => sql<{ n: string | null }>`select nextval(to_regclass(${name}))::text as n`.execute(db);
  let n = (await take()).rows[0]?.n ?? null;
  if (n === null) {
    await createReceiptSequence(db, municipalityId, fy, name);
    n = (await take()).rows[0]!.n!;
  }
  return `${era}-${n.padStart(6, '0')}`;
}

/**
 * The same number as nextReceiptNumber, as an expression of the UPDATE that submits the case: the
 * number is taken only for a row the update changes, in the same round trip. Null while the year's
 * sequence does not exist yet (nextval of null is null): the caller then takes one the long way.
 */
function receiptNumberExpression(municipalityId: string, now: Date) {
  const { fy, era } = receiptPrefix(now);
  return sql<string>`coalesce(receipt_number, (select ${era} || '-' || case when length(n) >= 6 then n else lpad(n, 6, '0') end
    from (select nextval(to_regclass(${receiptSequence(municipalityId, fy)}))::text as n) as taken))`;
}

/**
 * Moves a case to another state, if the state machine allows it and nobody moved it meanwhile
 * (the update is conditional on the state the caller saw). A caller that has just read the case in
 * the same transaction passes it as `current` instead of having it read again; the conditional
 * update still refuses the move if the case changed since.
 */
export async function moveCase(db: Db, actor: CaseActor, caseId: string, to: CaseStatus, opts: { note?: string | null; expected?: CaseStatus; current?: CaseView }, now: Date): Promise<CaseView> {
  const municipalityId = municipalityOf(actor);
  const current = opts.current && opts.current.id === caseId ? opts.current : await getCaseRow(db, municipalityId, caseId);
  const from = current.status;
  if (opts.expected && opts.expected !== from) {
    throw new AppError(409, 'CASE_STATE_CHANGED', `この案件は他の人の操作で「${CASE_STATUS_LABELS[from]}」になっています。画面を更新して内容を確認してください。`);
  }
  if (!canMove(from, to)) {
    throw new AppError(409, 'CASE_TRANSITION_NOT_ALLOWED', `「${CASE_STATUS_LABELS[from]}」の案件を「${CASE_STATUS_LABELS[to]}」にはできません。`);
  }
  if (to === 'returned' && !opts.note?.trim()) {
    throw badRequest('CASE_NOTE_REQUIRED', '補正を依頼する理由を入力してください。申請者に伝わる内容です。', [{ path: 'note', message: '理由を入力してください。' }]);
  }
  const closing = to === 'completed' || to === 'rejected' || to === 'withdrawn';
  // A first submission takes its 受付番号 in the same update (an existing number is never replaced).
  const numbering = to === 'submitted' && !current.receiptNumber;
  // One statement: the conditional update and, only for a row it changed, the history entry (the
  // same row appendAction writes).
  let row = await db
    .with('moved', (qb) => qb.updateTable('case_record')
      .set({
        status: to, updated_at: now,
        ...(to === 'submitted' ? { submitted_at: now } : {}),
        ...(closing ? { closed_at: now } : {}),
        ...(numbering ? { receipt_number: receiptNumberExpression(municipalityId, now) } : {}),
      })
      .where('municipality_id', '=', municipalityId).where('id', '=', caseId).where('status', '=', from)
      .returningAll())
    .with('logged', () => sql<{ seq: number }>`(insert into case_action (municipality_id, case_id, seq, at, actor_kind, actor_staff_id, action, from_status, to_status, note)
      select m.municipality_id, m.id, (select coalesce(max(a.seq), 0) + 1 from case_action a where a.municipality_id = m.municipality_id and a.case_id = m.id),
        ${now}::timestamptz, ${actor.kind}::text, ${staffIdOf(actor)}::uuid, 'transition', ${from}::text, ${to}::text, ${opts.note ?? null}::text
      from moved m returning seq)`)
    .selectFrom('moved').selectAll().executeTakeFirst();
  if (!row) {
    throw new AppError(409, 'CASE_STATE_CHANGED', 'この案件は他の人の操作で状態が変わりました。画面を更新して内容を確認してください。');
  }
  if (numbering && !row.receipt_number) {
    // The year's first receipt of the city: its sequence is created now.
    const receipt = await nextReceiptNumber(db, municipalityId, now);
    row = await db.updateTable('case_record').set({ receipt_number: receipt })
      .where('municipality_id', '=', municipalityId).where('id', '=', caseId).returningAll().executeTakeFirstOrThrow();
  }
  // Nothing here waits for the city's other transactions: the audit event is chained at once or
  // written pending (platform/audit), and the 受付番号 comes from a sequence.
  await appendAudit(db, {
    municipalityId, actorStaffId: staffIdOf(actor), action: 'case.transition', subjectType: 'case', subjectId: caseId,
    purpose: current.procedureId, details: { from, to },
  }, now);
  return toView(row);
}

/**
 * Submits a draft (or a corrected, returned case): assigns the receipt number on first submission.
 * `current`: the case as the caller read it in this transaction (saves reading it again).
 */
export const submitCase = (db: Db, actor: CaseActor, caseId: string, now: Date, current?: CaseView) =>
  moveCase(db, actor, caseId, 'submitted', current ? { current } : {}, now);

export interface InboxFilter {
  status?: CaseStatus | undefined;
  procedureId?: string | undefined;
  departmentId?: string | undefined;
  /** 'me', 'none' (nobody yet) or a staff id. */
  assignee?: string | undefined;
  /** A 受付番号, or its start (R8-0001…). */
  receipt?: string | undefined;
  sort?: InboxSort | undefined;
  limit: number;
  offset: number;
}

export const INBOX_SORTS = ['submitted_desc', 'submitted_asc', 'updated_desc'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];

/**
 * The department inbox (shared by counter and online cases). Department reviewers see their own
 * departments' cases; counter staff and admins see all. Drafts are nobody's inbox.
 */
export async function listInbox(deps: CasesDeps, staff: StaffPrincipal, f: InboxFilter) {
  let q = deps.db.selectFrom('case_record').where('municipality_id', '=', staff.municipalityId).where('status', '!=', 'draft');
  const reviewerOnly = staff.roles.every((r) => r === 'department_reviewer');
  if (reviewerOnly) {
    if (staff.departmentIds.length === 0) return { items: [], total: 0 };
    q = q.where('department_id', 'in', staff.departmentIds);
  }
  if (f.status) q = q.where('status', '=', f.status);
  if (f.procedureId) q = q.where('procedure_id', '=', f.procedureId);
  if (f.departmentId) q = q.where('department_id', '=', f.departmentId);
  if (f.assignee === 'none') q = q.where('assigned_staff_id', 'is', null);
  else if (f.assignee) q = q.where('assigned_staff_id', '=', f.assignee === 'me' ? staff.id : f.assignee);
  if (f.receipt) q = q.where('receipt_number', 'like', `${f.receipt.replace(/[\\%_]/g, '\\$&')}%`);
  const [column, direction] = f.sort === 'submitted_asc' ? (['submitted_at', 'asc'] as const) : f.sort === 'updated_desc' ? (['updated_at', 'desc'] as const) : (['submitted_at', 'desc'] as const);
  const rows = await q.selectAll().select(sql<string>`count(*) over ()`.as('total_count'))
    .orderBy(column, direction).orderBy('id').limit(f.limit).offset(f.offset).execute();
  return { items: rows.map((r) => toView(r)), total: rows[0] ? Number(rows[0].total_count) : 0 };
}

export async function getCaseForStaff(deps: CasesDeps, staff: StaffPrincipal, caseId: string, requestId: string | null) {
  const view = await getCaseRow(deps.db, staff.municipalityId, caseId);
  const reviewerOnly = staff.roles.every((r) => r === 'department_reviewer');
  if (reviewerOnly && (!view.departmentId || !staff.departmentIds.includes(view.departmentId))) {
    throw notFound('CASE_NOT_FOUND', '該当する案件が見つかりません。一覧を更新してから選び直してください。');
  }
  const actions = await deps.db.selectFrom('case_action as a')
    .leftJoin('staff_user as s', (j) => j.onRef('s.municipality_id', '=', 'a.municipality_id').onRef('s.id', '=', 'a.actor_staff_id'))
    .select(['a.seq', 'a.at', 'a.actor_kind', 's.display_name', 'a.action', 'a.from_status', 'a.to_status', 'a.note'])
    .where('a.municipality_id', '=', staff.municipalityId).where('a.case_id', '=', caseId).orderBy('a.seq').execute();
  await appendAudit(deps.db, {
    municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'case.read', subjectType: 'case', subjectId: caseId,
    purpose: view.procedureId, requestId, details: { subjectResidentId: view.subjectResidentId },
  }, deps.now());
  return {
    case: view,
    actions: actions.map((a) => ({
      seq: a.seq, at: new Date(a.at).toISOString(), actorKind: a.actor_kind, actorName: a.display_name, action: a.action,
      fromStatus: a.from_status, toStatus: a.to_status, note: a.note,
    })),
  };
}

/** For the procedure catalogue's "which cases used which version". */
export async function casesUsingProcedure(db: Db, municipalityId: string, procedureId: string) {
  const rows = await db.selectFrom('case_record').select(['id', 'procedure_version', 'procedure_hash', 'created_at'])
    .where('municipality_id', '=', municipalityId).where('procedure_id', '=', procedureId)
    .orderBy('created_at', 'desc').limit(500).execute();
  return rows.map((r) => ({ caseId: r.id, version: r.procedure_version, contentHash: r.procedure_hash, createdAt: new Date(r.created_at).toISOString() }));
}

/**
 * Saves answers of a case the applicant may still change (a draft, or a case returned for 補正).
 * Conditional on that state, so a case a reviewer has just accepted is not changed under them.
 */
export async function updateCaseAnswers(db: Db, actor: CaseActor, caseId: string, answers: Record<string, unknown>, now: Date): Promise<CaseView> {
  assertNoIndividualNumber(answers);
  const municipalityId = municipalityOf(actor);
  const result = await db.updateTable('case_record').set({ answers: JSON.stringify(answers), updated_at: now })
    .where('municipality_id', '=', municipalityId).where('id', '=', caseId).where('status', 'in', ['draft', 'returned'])
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    const current = await getCaseRow(db, municipalityId, caseId);
    throw new AppError(409, 'CASE_NOT_EDITABLE', `「${CASE_STATUS_LABELS[current.status]}」の案件は内容を変更できません。画面を更新して状態を確認してください。`);
  }
  return getCaseRow(db, municipalityId, caseId);
}

/** A case as its applicant may see it (no staff names: the applicant sees "担当課"). */
export async function getCaseForApplicant(db: Db, municipalityId: string, caseId: string) {
  const view = await getCaseRow(db, municipalityId, caseId);
  const actions = await db.selectFrom('case_action').select(['seq', 'at', 'actor_kind', 'action', 'from_status', 'to_status', 'note'])
    .where('municipality_id', '=', municipalityId).where('case_id', '=', caseId).orderBy('seq').execute();
  return {
    case: view,
    actions: actions.map((a) => ({
      seq: a.seq, at: new Date(a.at).toISOString(), actorKind: a.actor_kind, action: a.action, fromStatus: a.from_status as CaseStatus | null,
      toStatus: a.to_status as CaseStatus | null, note: a.note,
    })),
  };
}

/**
 * A resident's latest answers per procedure, for presets at a later visit (the bank account of an
 * earlier 児童手当 claim …). Read inside the caller's audited work.
 */
export async function casesAnswersFor(db: Db, municipalityId: string, residentId: string, procedureIds: readonly string[]): Promise<Record<string, Record<string, unknown>>> {
  if (procedureIds.length === 0) return {};
  const rows = await db.selectFrom('case_record').select(['procedure_id', 'answers'])
    .where('municipality_id', '=', municipalityId).where('subject_resident_id', '=', residentId)
    .where('procedure_id', 'in', [...procedureIds]).where('status', '!=', 'draft')
    .orderBy('created_at', 'desc').execute();
  const out: Record<string, Record<string, unknown>> = {};
  for (const r of rows) out[r.procedure_id] ??= (r.answers ?? {}) as Record<string, unknown>;
  return out;
}

/**
 * Closed cases of a procedure whose retention period has run out and that still hold answers
 * (the retention job anonymises them; the record, its 受付番号 and its state history stay).
 */
export async function expiredClosedCases(db: Db, municipalityId: string, procedureId: string, closedBefore: Date): Promise<string[]> {
  const rows = await db.selectFrom('case_record').select('id')
    .where('municipality_id', '=', municipalityId).where('procedure_id', '=', procedureId)
    .where('status', 'in', ['completed', 'rejected', 'withdrawn']).where('closed_at', '<', closedBefore)
    .where(sql<boolean>`answers <> '{}'::jsonb`).limit(1000).execute();
  return rows.map((r) => r.id);
}

/** Removes what identifies the applicant from a closed case: answers, subject and notes. */
export async function anonymiseClosedCase(db: Db, municipalityId: string, caseId: string, now: Date): Promise<boolean> {
  const r = await db.updateTable('case_record').set({ answers: '{}', subject_resident_id: null, updated_at: now })
    .where('municipality_id', '=', municipalityId).where('id', '=', caseId).where('status', 'in', ['completed', 'rejected', 'withdrawn'])
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db.updateTable('case_action').set({ note: null }).where('municipality_id', '=', municipalityId).where('case_id', '=', caseId).execute();
  return true;
}

/**
 * A resident's cases of a procedure that are still being worked on (submitted … returned): what a
 * second application of the same procedure would duplicate (the 移動市役所 ingestion asks staff then).
 */
export async function openCasesOf(db: Db, municipalityId: string, residentId: string, procedureId: string) {
  const rows = await db.selectFrom('case_record').select(['id', 'receipt_number', 'channel', 'status', 'submitted_at'])
    .where('municipality_id', '=', municipalityId).where('subject_resident_id', '=', residentId).where('procedure_id', '=', procedureId)
    .where('status', 'in', ['submitted', 'accepted', 'in_review', 'returned']).orderBy('submitted_at').execute();
  return rows.map((r) => ({ caseId: r.id, receiptNumber: r.receipt_number, channel: r.channel, status: r.status }));
}
