import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema';

export const GENESIS_HASH = '0'.repeat(64);

/** Every kind of audited event, with the label shown to admins. */
export const AUDIT_ACTIONS = {
  'auth.login': 'ログイン',
  'auth.login_failed': 'ログイン失敗',
  'auth.logout': 'ログアウト',
  'auth.totp_enabled': '二要素認証の設定',
  'auth.password_changed': 'パスワード変更',
  'resident.search': '住民の検索',
  'resident.read': '住民情報の閲覧',
  'household.read': '世帯情報の閲覧',
  'registry.import': '住民データの取込',
  'staff.create': '職員の登録',
  'staff.update': '職員情報の変更',
  'staff.password_reset': '職員パスワードの再設定',
  'department.create': '課の登録',
  'department.update': '課の名前・場所の変更',
  'department.retire': '課の廃止',
  'department.reinstate': '課の廃止の取り消し',
  'municipality.settings_update': '庁舎の設定の変更',
  'audit.read': '監査ログの閲覧',
  'case.create': '案件の作成',
  'case.read': '案件の閲覧',
  'case.transition': '案件の状態変更',
  'individual_number.write': '個人番号の登録',
  'individual_number.read': '個人番号の閲覧',
  'individual_number.read_masked': '個人番号（下4桁）の確認',
  'audit.verify': '監査ログの検証',
  'procedure.catalogue_seed': '手続きカタログの初期登録',
  'procedure.draft_save': '手続き下書きの保存',
  'procedure.draft_discard': '手続き下書きの破棄',
  'procedure.publish': '手続きの公開',
  'navigator.draft_save': '手続きナビのルール下書きの保存',
  'navigator.draft_discard': '手続きナビのルール下書きの破棄',
  'navigator.publish': '手続きナビのルールの公開',
  'online.account_create': 'オンライン申請アカウントの登録',
  'online.email_verified': 'オンライン申請のメールアドレス確認',
  'online.login': 'オンライン申請へのログイン',
  'online.publication_update': 'オンライン申請の公開設定の変更',
  'online.message': 'オンライン申請のメッセージ',
  'online.message_template_update': 'オンライン申請の返信の定型文の登録・変更・削除',
  'case.export': '案件の書き出し（基幹システム向けCSV）',
  'case.retention_purge': '保存期間を過ぎた案件の匿名化',
  'online.attachment_add': 'オンライン申請への添付',
  'online.attachment_read': 'オンライン申請の添付ファイルの閲覧',
  'online.attachment_delete': 'オンライン申請の添付ファイルの削除',
  'online.signature_verified': 'オンライン申請の電子署名の検証',
  'online.signature_read': 'オンライン申請の電子署名の閲覧',
  'online.card_link': 'オンライン申請アカウントへのマイナンバーカードの登録',
  'online.card_unlink': 'オンライン申請アカウントからのマイナンバーカードの登録の解除',
  'demo_card.list': 'デモ用カード一覧の表示',
  'queue.config_update': '窓口・整理券の設定変更',
  'queue.ticket_link': '整理券と来庁者の紐付け',
  'queue.reservation_read': '窓口予約の予約者情報の閲覧',
  'queue.reservation_change': '窓口予約の登録・変更・取消（職員）',
  'counter.visit_start': '窓口受付の開始',
  'counter.visit_read': '窓口受付の閲覧',
  'counter.visit_save': '窓口受付の保存',
  'counter.visit_cancel': '窓口受付の取消',
  'counter.visit_list': '窓口受付の一覧の表示',
  'counter.visit_complete': '窓口受付の完了（異動・案件の登録）',
  'counter.identify': '窓口での本人確認',
  'counter.import': '転出証明書・転入予約データの取込',
  'counter.form_read': '窓口の届出書（PDF）の表示',
  'counter.signature': '窓口での署名',
  'counter.document_read': '窓口で作成した書類の表示',
  'counter.entry_list': '記載台・事前申請の一覧の表示',
  'counter.entry_pickup': '記載台・事前申請の受付',
  'counter.entry_submit': '記載台・事前申請の送信（住民）',
  'counter.correction': '異動の訂正',
  'registry.residence_change': '住民記録の異動',
  'job.retry': '処理のやり直し',
  'device.create': '端末の登録（登録コードの発行）',
  'device.enrol': '端末の鍵の登録',
  'device.reenrol': '端末の再登録コードの発行',
  'device.revoke': '端末の利用停止',
  'device.anomaly': '端末の同期の異常',
  'device.anomaly_resolve': '端末の異常の確認済み',
  'device.accept_revoked': '利用停止した端末の記録の登録（管理者の確認）',
  'online.fee_choose': 'オンライン申請の手数料の支払方法の選択',
  'online.fee_paid': 'オンライン申請の手数料の納付',
  'online.payment_update': 'オンライン申請の決済の状態変更',
  'case.assign': '案件の担当者の設定',
  'case.bulk': '案件の一括操作',
  'outreach.plan_update': '移動市役所の運行計画の変更',
  'outreach.publish': '移動市役所の運行予定の公開',
  'outreach.cancel': '移動市役所の運休（予約者への連絡）',
  'outreach.stop_service': '移動市役所での対応の記録',
  'outreach.vehicle_sign_in': '移動市役所の端末へのサインイン（データ鍵の受け取り）',
  'outreach.vehicle_case': '移動市役所の端末からの申請の登録',
  'outreach.vehicle_conflict': '移動市役所の申請の確認待ち（異動・重複）',
  'outreach.vehicle_conflict_read': '移動市役所の確認待ち申請の閲覧',
  'outreach.vehicle_conflict_resolve': '移動市役所の確認待ち申請の判断',
  'taxi.boarding_checked': '電子タクシー券の乗車確認（端末）',
  'taxi.list_issued': '電子タクシー券の端末用名簿の配信',
  'taxi.ride_recorded': '電子タクシー券の乗車記録の受付',
  'taxi.driver_create': '電子タクシー券の乗務員の登録',
  'taxi.driver_update': '電子タクシー券の乗務員の停止・再開・暗証番号の再設定',
  'taxi.programme_update': '電子タクシー券の事業の登録・変更',
  'taxi.rules_publish': '電子タクシー券のルールの改定',
  'taxi.operator_update': 'タクシー事業者・車両・端末・アカウントの登録',
  'taxi.eligibility_check': '電子タクシー券の対象の確認（住民記録の参照）',
  'taxi.beneficiary_decide': '電子タクシー券の利用の決定',
  'taxi.beneficiary_list': '電子タクシー券の利用者一覧の表示',
  'taxi.beneficiary_read': '電子タクシー券の利用者の閲覧',
  'taxi.beneficiary_status': '電子タクシー券の利用の停止・再開・終了',
  'taxi.decision_letter': '電子タクシー券の決定通知書の作成',
  'taxi.card_bind': '電子タクシー券のカードの登録・登録し直し',
  'taxi.import': '紙のタクシー券の利用者の取込',
  'taxi.import_decide': '紙のタクシー券の利用者の取込の判断',
  'taxi.ride_read': '電子タクシー券の乗車記録の閲覧',
  'taxi.ride_resolve': '電子タクシー券の上限超過の乗車の判断',
  'taxi.claim_generate': '電子タクシー券の請求の作成',
  'taxi.claim_read': '電子タクシー券の請求の閲覧',
  'taxi.claim_export': '電子タクシー券の請求明細の書き出し',
  'taxi.claim_submit': '電子タクシー券の請求の提出',
  'taxi.claim_review': '電子タクシー券の請求の審査',
  'taxi.claim_paid': '電子タクシー券の請求の支払の記録',
  'taxi.report_read': '電子タクシー券の集計の表示',
  'taxi.anomaly_read': '電子タクシー券の要確認一覧の表示',
  'taxi.anomaly_review': '電子タクシー券の要確認の記録',
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

export interface AuditInput {
  municipalityId: string;
  actorStaffId: string | null;
  action: AuditAction;
  subjectType?: string | null;
  subjectId?: string | null;
  /** Why the data was looked at: the screen or procedure. */
  purpose?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown>;
}

type Db = Kysely<Database> | Transaction<Database>;

/** JSON with object keys sorted at every depth, so jsonb's key reordering does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export interface ChainedFields {
  municipalityId: string;
  seq: string;
  id: string;
  at: Date;
  actorStaffId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  purpose: string | null;
  requestId: string | null;
  details: unknown;
}

export function eventHash(prevHash: string, e: ChainedFields): string {
  const body = canonicalJson([
    e.municipalityId, e.seq, e.id, e.at.toISOString(), e.actorStaffId, e.action,
    e.subjectType, e.subjectId, e.purpose, e.requestId, e.details,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export async function initAuditChain(db: Db, municipalityId: string): Promise<void> {
  await db
    .insertInto('audit_head')
    .values({ municipality_id: municipalityId, last_seq: 0, last_hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('municipality_id').doNothing())
    .execute();
}

interface Head {
  lastSeq: number;
  lastHash: string;
}

/** Takes the city's chain head for this transaction if nobody else holds it; never waits. */
async function tryTakeHead(trx: Transaction<Database>, municipalityId: string): Promise<Head | null> {
  const row = await trx.selectFrom('audit_head').select(['last_seq', 'last_hash'])
    .where('municipality_id', '=', municipalityId).forUpdate().skipLocked().executeTakeFirst();
  return row ? { lastSeq: Number(row.last_seq), lastHash: row.last_hash } : null;
}

const CHAIN_BATCH = 500;

/**
 * Links the city's pending events (visible to this transaction: committed ones and its own) into
 * the chain after the head, in the order they were written (ord). The caller holds the head.
 */
async function linkPending(trx: Transaction<Database>, municipalityId: string, head: Head): Promise<Head & { linked: number }> {
  let { lastSeq, lastHash } = head;
  let linked = 0;
  for (;;) {
    const rows = await trx.selectFrom('audit_event').selectAll()
      .where('municipality_id', '=', municipalityId).where('seq', 'is', null)
      .orderBy('ord').limit(CHAIN_BATCH).execute();
    if (rows.length === 0) break;
    const links = rows.map((r) => {
      const seq = lastSeq + 1;
      const hash = eventHash(lastHash, {
        municipalityId, seq: String(seq), id: r.id, at: new Date(r.at), actorStaffId: r.actor_staff_id, action: r.action,
        subjectType: r.subject_type, subjectId: r.subject_id, purpose: r.purpose, requestId: r.request_id, details: r.details,
      });
      const link = { ord: String(r.ord), seq, prev_hash: lastHash, hash };
      lastSeq = seq;
      lastHash = hash;
      return link;
    });
    // One statement per batch (the append-only trigger lets a pending event get its link once).
    await sql`update audit_event e set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
      from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as v(ord bigint, seq bigint, prev_hash text, hash text)
      where e.municipality_id = ${municipalityId} and e.ord = v.ord and e.seq is null`.execute(trx);
    linked += rows.length;
    if (rows.length < CHAIN_BATCH) break;
  }
  return { lastSeq, lastHash, linked };
}

async function saveHead(trx: Transaction<Database>, municipalityId: string, head: Head) {
  await trx.updateTable('audit_head').set({ last_seq: head.lastSeq, last_hash: head.lastHash })
    .where('municipality_id', '=', municipalityId).execute();
}

/**
 * Appends one event. Call it inside the transaction that reads or changes the data, so the event
 * exists exactly when the change does.
 *
 * The event is chained at once if this transaction can take the city's chain head without waiting
 * (it then also links the pending events before its own, and holds the head until it commits).
 * If another transaction of the city holds the head, the event is written *pending* (no seq, no
 * hashes; its ord keeps the order) and the next holder of the head or the background chainer
 * (startAuditChainer) links it. So one city's transactions never queue behind each other here.
 */
export async function appendAudit(db: Db, input: AuditInput, now = new Date()): Promise<void> {
  if (!db.isTransaction) {
    await db.transaction().execute((trx) => appendAudit(trx, input, now));
    return;
  }
  const trx = db as Transaction<Database>;
  const event = {
    municipality_id: input.municipalityId,
    id: randomUUID(),
    at: now,
    actor_staff_id: input.actorStaffId,
    action: input.action,
    subject_type: input.subjectType ?? null,
    subject_id: input.subjectId ?? null,
    purpose: input.purpose ?? null,
    request_id: input.requestId ?? null,
    details: input.details ?? {},
  };
  const taken = await tryTakeHead(trx, input.municipalityId);
  if (!taken) {
    await trx.insertInto('audit_event').values({ ...event, details: JSON.stringify(event.details), seq: null, prev_hash: null, hash: null }).execute();
    return;
  }
  const head = await linkPending(trx, input.municipalityId, taken);
  const seq = head.lastSeq + 1;
  const hash = eventHash(head.lastHash, {
    municipalityId: event.municipality_id, seq: String(seq), id: event.id, at: event.at, actorStaffId: event.actor_staff_id,
    action: event.action, subjectType: event.subject_type, subjectId: event.subject_id, purpose: event.purpose,
    requestId: event.request_id, details: event.details,
  });
  await trx.insertInto('audit_event').values({ ...event, details: JSON.stringify(event.details), seq, prev_hash: head.lastHash, hash }).execute();
  await saveHead(trx, input.municipalityId, { lastSeq: seq, lastHash: hash });
}

/**
 * Links the pending events of one city (or of every city with some) into their chains. Skips a
 * city whose head another transaction holds (that one links them, or the next round does).
 * Returns how many events were linked.
 */
export async function chainPendingAudit(db: Kysely<Database>, municipalityId?: string): Promise<number> {
  const cities = municipalityId
    ? [municipalityId]
    : (await db.selectFrom('audit_event').select('municipality_id').distinct().where('seq', 'is', null).execute()).map((r) => r.municipality_id);
  let linked = 0;
  for (const m of cities) {
    linked += await db.transaction().execute(async (trx) => {
      const taken = await tryTakeHead(trx, m);
      if (!taken) return 0;
      const head = await linkPending(trx, m, taken);
      if (head.linked > 0) await saveHead(trx, m, head);
      return head.linked;
    });
  }
  return linked;
}

/** The background chainer: links pending audit events every `intervalMs`. Returns a stop function. */
export function startAuditChainer(db: Kysely<Database>, onError: (err: unknown) => void, intervalMs = 250): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    chainPendingAudit(db).catch(onError).finally(() => { running = false; });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenSeq?: number;
  reason?: string;
  /** Events written but not yet linked into the chain (no hash yet, so not yet tamper-evident). */
  pending: number;
  /** When the oldest pending event was written. */
  oldestPendingAt?: string;
}

/**
 * Recomputes the chain of one tenant. Detects an edited event (hash mismatch), an inserted or
 * deleted one (sequence gap or prev_hash mismatch) and a truncated tail (head disagrees), and
 * reports the events not yet chained.
 */
export async function verifyAuditChain(db: Db, municipalityId: string, batchSize = 5000): Promise<VerifyResult> {
  const pendingRow = await db.selectFrom('audit_event')
    .select([sql<string>`count(*)`.as('n'), sql<Date | string | null>`min(at)`.as('oldest')])
    .where('municipality_id', '=', municipalityId).where('seq', 'is', null).executeTakeFirstOrThrow();
  const pending = Number(pendingRow.n);
  const pendingInfo = pending > 0 && pendingRow.oldest ? { pending, oldestPendingAt: new Date(pendingRow.oldest).toISOString() } : { pending };
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('municipality_id', '=', municipalityId)
      .where('seq', '>=', String(expectedSeq))
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expectedSeq) {
        return { ok: false, checked, firstBrokenSeq: expectedSeq, reason: `連番${expectedSeq}の記録がありません（削除された可能性があります）。`, ...pendingInfo };
      }
      if (r.prev_hash !== prevHash) {
        return { ok: false, checked, firstBrokenSeq: seq, reason: `連番${seq}の直前ハッシュが一致しません（記録が挿入・削除された可能性があります）。`, ...pendingInfo };
      }
      const recomputed = eventHash(prevHash, {
        municipalityId: r.municipality_id, seq: String(r.seq), id: r.id, at: new Date(r.at),
        actorStaffId: r.actor_staff_id, action: r.action, subjectType: r.subject_type,
        subjectId: r.subject_id, purpose: r.purpose, requestId: r.request_id, details: r.details,
      });
      if (recomputed !== r.hash) {
        return { ok: false, checked, firstBrokenSeq: seq, reason: `連番${seq}の内容がハッシュと一致しません（記録が書き換えられた可能性があります）。`, ...pendingInfo };
      }
      prevHash = r.hash;
      expectedSeq += 1;
      checked += 1;
    }
    if (rows.length < batchSize) break;
  }
  const head = await db
    .selectFrom('audit_head')
    .select(['last_seq', 'last_hash'])
    .where('municipality_id', '=', municipalityId)
    .executeTakeFirst();
  if (head && (Number(head.last_seq) !== checked || head.last_hash !== prevHash)) {
    return { ok: false, checked, firstBrokenSeq: checked + 1, reason: '最新の記録が失われています（末尾の記録が削除された可能性があります）。', ...pendingInfo };
  }
  return { ok: true, checked, ...pendingInfo };
}
