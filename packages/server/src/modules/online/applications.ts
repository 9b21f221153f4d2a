import { randomUUID } from 'node:crypto';
import { evaluateForm, type FormEvaluation, type ProcedureDefinition } from '@madoguchi/procedures';
import { todayInJapan } from '@madoguchi/jp';
import type { Database } from '../../platform/db/schema';
import { appendAudit } from '../../platform/audit/audit';
import type { Services } from '../../platform/http/context';
import { AppError, badRequest, notFound } from '../../platform/http/errors';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { OnlinePublicationTable } from '../../platform/db/schema';
import { caseViewOf, createCase, ensureReceiptSequence, getCaseForApplicant, moveCase, submitCase, updateCaseAnswers, type CaseActor, type CaseView } from '../cases/service';
import { CASE_STATUS_LABELS, type CaseStatus } from '../cases/state';
import type { ResidentPrincipal } from './accounts';
import { loadOnlineProcedure, type PublicationRule } from './publications';
import { renderApplicationPdf, submissionPipelineJobs } from './pipeline';
import { renderDecisionNoticePdf } from '@madoguchi/procedures/pdf';
import { listAttachments } from './attachments';
import { pinnedDefinition } from '../procedures/service';
import { assertFeeSettledWith } from './payments';
import { getMunicipality, listDepartments } from '../tenancy/service';
import { latestSignatureOf, recordApplicationSignature, verifyApplicationSignature } from './signing';
import { assertAuthLevel } from './guest';

type Db = Kysely<Database> | Transaction<Database>;

const actorOf = (r: ResidentPrincipal): CaseActor => ({ kind: 'resident', municipalityId: r.municipalityId, label: r.displayName });

const notYours = () => notFound('PORTAL_APPLICATION_NOT_FOUND', 'この申請は見つかりません。「申請の一覧」から選び直してください。');

/** Statuses in which an earlier application still counts for "one application per person". */
const LIVE: CaseStatus[] = ['draft', 'submitted', 'accepted', 'in_review', 'returned', 'completed'];

/** Starts (or, with the same key, returns) a draft application for an online procedure. */
export async function startApplication(services: Services, r: ResidentPrincipal, procedureId: string, idempotencyKey: string): Promise<CaseView> {
  const ctx = await loadOnlineProcedure(services, r.municipalityId, procedureId);
  assertAuthLevel(ctx.rule, r);
  const now = services.now();
  // The key is scoped to the account so one resident's key can never name another resident's case.
  const key = `online:${r.accountId}:${idempotencyKey}`;
  return services.db.transaction().execute(async (trx) => {
    if (ctx.rule.onePerPerson) {
      const earlier = await trx.selectFrom('online_application as o')
        .innerJoin('case_record as c', (j) => j.onRef('c.municipality_id', '=', 'o.municipality_id').onRef('c.id', '=', 'o.case_id'))
        .select(['c.id', 'c.status', 'c.idempotency_key'])
        .where('o.municipality_id', '=', r.municipalityId).where('o.account_id', '=', r.accountId)
        .where('c.procedure_id', '=', procedureId).where('c.status', 'in', LIVE).executeTakeFirst();
      if (earlier && earlier.idempotency_key !== key) {
        throw new AppError(409, 'PORTAL_ALREADY_APPLIED', `この手続きは1人1件です。すでに申請（${CASE_STATUS_LABELS[earlier.status]}）があります。「申請の一覧」から続きを開いてください。`, [{ path: 'caseId', message: earlier.id }]);
      }
    }
    const view = await createCase(trx, actorOf(r), {
      procedureId, procedureVersion: ctx.version.version, procedureHash: ctx.version.contentHash, channel: 'online',
      departmentId: ctx.departmentId, answers: {}, idempotencyKey: key,
    }, now);
    await trx.insertInto('online_application').values({ municipality_id: r.municipalityId, case_id: view.id, account_id: r.accountId, last_submit_key: null, declared_at: null })
      .onConflict((oc) => oc.columns(['municipality_id', 'case_id']).doNothing()).execute();
    return view;
  });
}

async function assertOwner(services: Services, r: ResidentPrincipal, caseId: string) {
  const row = await services.db.selectFrom('online_application').selectAll()
    .where('municipality_id', '=', r.municipalityId).where('case_id', '=', caseId).where('account_id', '=', r.accountId).executeTakeFirst();
  if (!row) throw notYours();
  return row;
}

/**
 * The pinned version's definition (from the cache of published versions: they never change) and
 * the rule in force (read each time: departments change it), for evaluation.
 */
async function definitionOf(db: Db, municipalityId: string, view: CaseView): Promise<{ definition: ProcedureDefinition; rule: PublicationRule }> {
  const definition = await pinnedDefinition(db, municipalityId, view);
  if (!definition) throw notFound('PROCEDURE_NOT_FOUND', '申請した手続きの定義が見つかりません。担当課にお問い合わせください。');
  const rule = await db.selectFrom('online_publication').selectAll().where('municipality_id', '=', municipalityId).where('procedure_id', '=', view.procedureId).executeTakeFirst();
  return { definition, rule: ruleOf(rule) };
}

type RuleColumns = Pick<Selectable<OnlinePublicationTable>, 'enabled' | 'auth_level' | 'signature_required' | 'fee_yen' | 'one_per_person' | 'receiving_department_id' | 'open_from' | 'open_until'>;

/** The rule in force; without a saved rule, the procedure is not online and asks no fee. */
function ruleOf(rule: { [K in keyof RuleColumns]: RuleColumns[K] | null } | undefined): PublicationRule {
  return {
    enabled: rule?.enabled ?? false, authLevel: rule?.auth_level ?? 'account', signatureRequired: rule?.signature_required ?? false,
    feeYen: rule?.fee_yen ?? 0, onePerPerson: rule?.one_per_person ?? false, receivingDepartmentId: rule?.receiving_department_id ?? null,
    openFrom: rule?.open_from ?? null, openUntil: rule?.open_until ?? null,
  };
}

/** Submit: the publishing rule and the case's fee in one statement (either may be missing). */
async function ruleAndFeeOf(db: Db, municipalityId: string, view: CaseView) {
  const row = await db.selectFrom(sql<{ one: number }>`(select 1 as one)`.as('x'))
    .leftJoin('online_publication as p', (j) => j.on('p.municipality_id', '=', municipalityId).on('p.procedure_id', '=', view.procedureId))
    .leftJoin('online_case_fee as f', (j) => j.on('f.municipality_id', '=', municipalityId).on('f.case_id', '=', view.id))
    .select([
      'p.enabled', 'p.auth_level', 'p.signature_required', 'p.fee_yen', 'p.one_per_person', 'p.receiving_department_id', 'p.open_from', 'p.open_until',
      'f.status as fee_status', 'f.method as fee_method', 'f.amount_yen as fee_amount_yen',
    ])
    .executeTakeFirstOrThrow();
  return {
    rule: ruleOf(row.enabled === null ? undefined : row),
    fee: row.fee_status === null || row.fee_amount_yen === null ? undefined : { status: row.fee_status, method: row.fee_method, amount_yen: row.fee_amount_yen },
  };
}

/**
 * Online, the form's signature field is met by the electronic signature where the department asks
 * for one, and otherwise by the resident's declaration on the confirmation page; so its "required"
 * error is not the resident's to fix by typing.
 */
function evaluateOnline(definition: ProcedureDefinition, answers: Record<string, unknown>, today: string): FormEvaluation {
  const ev = evaluateForm(definition, answers, { today: today as never, channel: 'online' });
  const signatureIds = new Set(definition.steps.flatMap((s) => s.fields).filter((f) => f.type === 'signature').map((f) => f.id));
  const errors = Object.fromEntries(Object.entries(ev.errors).filter(([path]) => !signatureIds.has(path)));
  return { ...ev, errors, valid: Object.keys(errors).length === 0 };
}

export async function getApplication(services: Services, r: ResidentPrincipal, caseId: string) {
  const owned = await assertOwner(services, r, caseId);
  const { case: view, actions } = await getCaseForApplicant(services.db, r.municipalityId, caseId);
  const { definition, rule } = await definitionOf(services.db, r.municipalityId, view);
  const messages = await services.db.selectFrom('online_message').select(['id', 'from_kind', 'body', 'created_at'])
    .where('municipality_id', '=', r.municipalityId).where('case_id', '=', caseId).orderBy('created_at').execute();
  const evaluation = evaluateOnline(definition, view.answers, todayInJapan(services.now()));
  return {
    case: view,
    definition,
    rule,
    declaredAt: owned.declared_at ? new Date(owned.declared_at).toISOString() : null,
    errors: evaluation.errors,
    canEdit: view.status === 'draft' || view.status === 'returned',
    canWithdraw: view.status === 'draft' || view.status === 'submitted' || view.status === 'returned',
    // The latest correction request, shown at the top of a returned application.
    correction: view.status === 'returned' ? ([...actions].reverse().find((a) => a.toStatus === 'returned')?.note ?? null) : null,
    timeline: actions.filter((a) => a.action === 'transition' || a.action === 'create').map((a) => ({ at: a.at, status: a.toStatus, statusLabel: a.toStatus ? CASE_STATUS_LABELS[a.toStatus] : null, note: a.toStatus === 'returned' || a.toStatus === 'completed' || a.toStatus === 'rejected' ? a.note : null })),
    messages: messages.map((m) => ({ id: m.id, from: m.from_kind, body: m.body, at: new Date(m.created_at).toISOString() })),
    attachments: await listAttachments(services, r.municipalityId, caseId),
    signature: await latestSignatureOf(services.db, r.municipalityId, caseId),
  };
}

export async function listMyApplications(services: Services, r: ResidentPrincipal) {
  const rows = await services.db.selectFrom('online_application as o')
    .innerJoin('case_record as c', (j) => j.onRef('c.municipality_id', '=', 'o.municipality_id').onRef('c.id', '=', 'o.case_id'))
    .innerJoin('procedure_version as v', (j) => j.onRef('v.municipality_id', '=', 'c.municipality_id').onRef('v.procedure_id', '=', 'c.procedure_id').onRef('v.version', '=', 'c.procedure_version'))
    .select(['c.id', 'c.receipt_number', 'c.status', 'c.procedure_id', 'v.title', 'c.updated_at', 'c.submitted_at'])
    .where('o.municipality_id', '=', r.municipalityId).where('o.account_id', '=', r.accountId)
    .orderBy('c.updated_at', 'desc').limit(200).execute();
  return rows.map((c) => ({
    id: c.id, receiptNumber: c.receipt_number, status: c.status, statusLabel: CASE_STATUS_LABELS[c.status], procedureId: c.procedure_id, title: c.title,
    updatedAt: new Date(c.updated_at).toISOString(), submittedAt: c.submitted_at ? new Date(c.submitted_at).toISOString() : null,
  }));
}

/** Saves what the resident typed so far (validation errors are returned, not refused: a draft may be incomplete). */
export async function saveAnswers(services: Services, r: ResidentPrincipal, caseId: string, answers: Record<string, unknown>) {
  await assertOwner(services, r, caseId);
  const view = await services.db.transaction().execute((trx) => updateCaseAnswers(trx, actorOf(r), caseId, answers, services.now()));
  const { definition } = await definitionOf(services.db, r.municipalityId, view);
  const ev = evaluateOnline(definition, view.answers, todayInJapan(services.now()));
  return { case: view, errors: ev.errors };
}

/**
 * Submits a draft, or resubmits a corrected one. A repeat of the same key (a double click, a
 * retried request) returns the case as it is instead of failing or making anything twice.
 */
/** The portal's city and how to find the resident of the request's session (on a given connection). */
export interface ResidentLookup {
  municipalityId: string;
  resolve: (db: Services['db']) => Promise<ResidentPrincipal>;
}

export async function submitApplication(
  services: Services, who: ResidentPrincipal | ResidentLookup, caseId: string,
  input: { idempotencyKey: string; declaration: true; signature?: string },
): Promise<CaseView> {
  const now = services.now();
  const lookup = 'resolve' in who ? who : null;
  // Who is asking is known before a signature is checked (a network call for its revocation status).
  const asked = lookup && input.signature ? await lookup.resolve(services.db) : null;
  await ensureReceiptSequence(services.db, who.municipalityId, now);
  // The card's signature is checked (chain, revocation) before the row is locked: see signing.ts.
  const signed = input.signature ? await verifyApplicationSignature(services, input.signature) : null;
  return services.db.transaction().execute(async (trx) => {
    // Otherwise the session is looked up on the transaction's own connection: under load a request
    // then waits once for a pooled connection, not twice (bench/online-submit.ts).
    const r = lookup ? (asked ?? (await lookup.resolve(trx))) : (who as ResidentPrincipal);
    if (r.municipalityId !== who.municipalityId) throw notYours();
    // Locks the application row: two submits of the same case run one after the other. The case
    // row is read (without its history, not needed to submit) and locked in the same statement, so
    // a submit that waited here sees the case as the one before it left it.
    const owned = await trx.selectFrom('online_application as o')
      .innerJoin('case_record as c', (j) => j.onRef('c.municipality_id', '=', 'o.municipality_id').onRef('c.id', '=', 'o.case_id'))
      .selectAll('c').select('o.last_submit_key')
      .where('o.municipality_id', '=', r.municipalityId).where('o.case_id', '=', caseId).where('o.account_id', '=', r.accountId)
      .modifyEnd(sql`for update of o for no key update of c`).executeTakeFirst();
    if (!owned) throw notYours();
    const view = caseViewOf(owned);
    if (view.status !== 'draft' && view.status !== 'returned') {
      if (owned.last_submit_key === input.idempotencyKey) return view;
      throw new AppError(409, 'PORTAL_ALREADY_SUBMITTED', `この申請はすでに送信されています（${CASE_STATUS_LABELS[view.status]}）。状況は申請の画面で確認できます。`);
    }
    const definition = await pinnedDefinition(trx, r.municipalityId, view);
    if (!definition) throw notFound('PROCEDURE_NOT_FOUND', '申請した手続きの定義が見つかりません。担当課にお問い合わせください。');
    const { rule, fee } = await ruleAndFeeOf(trx, r.municipalityId, view);
    assertAuthLevel(rule, r);
    const ev = evaluateOnline(definition, view.answers, todayInJapan(now));
    if (!ev.valid) {
      throw badRequest('PORTAL_APPLICATION_INCOMPLETE', '入力が足りない項目または誤りがあります。各項目の説明に沿って直してから、もう一度送信してください。',
        Object.entries(ev.errors).flatMap(([path, errs]) => errs.map((e) => ({ path: `answers.${path}`, message: e.message }))));
    }
    if (rule.signatureRequired && !signed) {
      throw badRequest('PORTAL_SIGNATURE_REQUIRED', 'この手続きは、マイナンバーカードの署名用電子証明書で署名してから送信します。確認画面の「署名して申請する」から署名してください。');
    }
    if (signed) await recordApplicationSignature(trx, r.municipalityId, view, signed, now);
    assertFeeSettledWith(fee, rule.feeYen);
    // The key and declaration kept, and the pipeline enqueued (so a submission never lacks it), in one statement.
    await trx.with('declared', (qb) => qb.updateTable('online_application').set({ last_submit_key: input.idempotencyKey, declared_at: now })
      .where('municipality_id', '=', r.municipalityId).where('case_id', '=', caseId).returning('case_id'))
      .insertInto('job').values(submissionPipelineJobs(r.municipalityId, caseId, now, view.status === 'returned')).execute();
    // The case read above is passed on (not read again); the move is still conditional on its state.
    // Submitting takes no lock other transactions of the city wait for: the audit event is chained
    // at once or written pending, the 受付番号 comes from a sequence.
    return submitCase(trx, actorOf(r), caseId, now, view);
  });
}

export async function withdrawApplication(services: Services, r: ResidentPrincipal, caseId: string, reason: string | null): Promise<CaseView> {
  await assertOwner(services, r, caseId);
  return services.db.transaction().execute((trx) => moveCase(trx, actorOf(r), caseId, 'withdrawn', { note: reason }, services.now()));
}

export async function postResidentMessage(services: Services, r: ResidentPrincipal, caseId: string, body: string) {
  await assertOwner(services, r, caseId);
  const now = services.now();
  const id = randomUUID();
  await services.db.transaction().execute(async (trx) => {
    await trx.insertInto('online_message').values({ municipality_id: r.municipalityId, id, case_id: caseId, from_kind: 'resident', staff_id: null, body, created_at: now }).execute();
    await appendAudit(trx, { municipalityId: r.municipalityId, actorStaffId: null, action: 'online.message', subjectType: 'case', subjectId: caseId, details: { from: 'resident' } }, now);
  });
  return { id, from: 'resident' as const, body, at: now.toISOString() };
}

/** The resident's own copy of what they sent, as the procedure's A4 form. */
export async function applicationPdf(services: Services, r: ResidentPrincipal, caseId: string): Promise<Uint8Array> {
  await assertOwner(services, r, caseId);
  const { case: view } = await getCaseForApplicant(services.db, r.municipalityId, caseId);
  if (!view.submittedAt) throw new AppError(409, 'PORTAL_NOT_SUBMITTED', '申請書は送信した後に表示できます。確認画面から送信してください。');
  const { definition } = await definitionOf(services.db, r.municipalityId, view);
  const pdf = await renderApplicationPdf(definition, view.answers, view.submittedAt);
  if (!pdf) throw notFound('PORTAL_NO_FORM', 'この手続きには印刷用の様式がありません。申請の内容は申請の画面で確認できます。');
  return pdf;
}

/**
 * 決定通知書 (or 却下通知書) for a decided application, rendered from the case as it was decided:
 * the procedure, the 受付番号, the date and the reviewer's note on the deciding step.
 */
export async function decisionNoticePdf(services: Services, r: ResidentPrincipal, caseId: string): Promise<Uint8Array> {
  await assertOwner(services, r, caseId);
  const { case: view, actions } = await getCaseForApplicant(services.db, r.municipalityId, caseId);
  if (view.status !== 'completed' && view.status !== 'rejected') {
    throw new AppError(409, 'PORTAL_NOT_DECIDED', '審査が終わると、決定通知書をここから開けます。状況は申請の画面で確認できます。');
  }
  const { definition } = await definitionOf(services.db, r.municipalityId, view);
  const deciding = [...actions].reverse().find((a) => a.toStatus === view.status);
  const municipality = await getMunicipality(services.db, r.municipalityId);
  const department = (await listDepartments(services.db, r.municipalityId)).find((d) => d.id === view.departmentId);
  const name = typeof view.answers.applicantName === 'string' && view.answers.applicantName.trim() ? view.answers.applicantName : r.displayName;
  return renderDecisionNoticePdf({
    municipalityName: municipality.name, departmentName: department?.name ?? '', recipientName: name, receiptNumber: view.receiptNumber ?? '',
    procedureTitle: definition.title, decision: view.status === 'completed' ? 'approved' : 'rejected', note: deciding?.note ?? null,
    decidedOn: todayInJapan(new Date(view.closedAt ?? view.updatedAt)),
  }, { createdAt: new Date(view.closedAt ?? view.updatedAt) });
}
