import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { Services } from '../../platform/http/context';
import { AppError } from '../../platform/http/errors';
import { assertProgrammeReviewer, type Db } from './access';
import { loadProgrammeRow, rulesAt } from './programmes';

/**
 * What the city should look at, computed from rides and terminals (nothing here changes a ride):
 * - sameCard: the same card boarding two different taxis within the rule's window;
 * - exception: rides the server did not accept (over a cap after an offline replay, or refused) and
 *   the city has not decided yet;
 * - unusualFare: an accepted ride whose meter fare is at or above the rule's 'unusual' amount;
 * - silentTerminal: an active terminal that has not synced within the list's maximum age.
 * Each comes with its evidence (the rides or the terminal) and the city's note if it looked already.
 */
export type AnomalyKind = 'sameCard' | 'exception' | 'unusualFare' | 'silentTerminal';

export const ANOMALY_LABELS: Record<AnomalyKind, string> = {
  sameCard: '同じカードが短い間に別のタクシーで使われた',
  exception: '上限を超えた・受け付けなかった乗車（市の判断待ち）',
  unusualFare: '運賃が高額な乗車',
  silentTerminal: '同期が止まっている端末',
};

export interface RideEvidence {
  rideId: string;
  boardedAt: string;
  operatorName: string;
  terminal: string;
  beneficiaryNumber: string | null;
  fareYen: number;
  subsidyYen: number;
  status: string;
  exceptionReason: string | null;
  offline: boolean;
}

export interface Anomaly {
  key: string;
  kind: AnomalyKind;
  label: string;
  summary: string;
  at: string;
  rides: RideEvidence[];
  terminal: { id: string; label: string; operatorName: string; lastSyncAt: string | null } | null;
  review: { status: 'checked' | 'dismissed'; note: string; at: string } | null;
}

const REASONS: Record<string, string> = {
  perDay: '1日の回数の上限を超えた', perMonth: '1か月の回数の上限を超えた', perYear: '年度の回数の上限を超えた',
  card_not_registered: '登録されていないカード', beneficiary_suspended: '利用停止中の方', card_revoked: '更新・失効したカード',
  fare_out_of_bounds: '運賃が制度の範囲外', programme_mismatch: '参加していない制度',
};
export const reasonText = (r: string | null) => (r ? REASONS[r] ?? r : null);

async function rideEvidence(db: Db, m: string, programmeId: string, filter: (q: ReturnType<typeof baseRides>) => ReturnType<typeof baseRides>) {
  const rows = await filter(baseRides(db, m, programmeId)).orderBy('r.boarded_at').limit(2000).execute();
  return rows.map((r) => ({
    rideId: r.id, boardedAt: r.boarded_at.toISOString(), operatorName: r.operator_name, terminal: r.terminal_label, beneficiaryNumber: r.number,
    fareYen: r.fare_yen, subsidyYen: r.subsidy_yen, status: r.status, exceptionReason: reasonText(r.exception_reason), offline: r.offline,
    bindingId: r.binding_id, terminalId: r.terminal_id, beneficiaryId: r.beneficiary_id,
  }));
}

function baseRides(db: Db, m: string, programmeId: string) {
  return db.selectFrom('taxi_ride as r')
    .innerJoin('taxi_operator as o', (j) => j.onRef('o.municipality_id', '=', 'r.municipality_id').onRef('o.id', '=', 'r.operator_id'))
    .innerJoin('taxi_terminal as t', (j) => j.onRef('t.municipality_id', '=', 'r.municipality_id').onRef('t.id', '=', 'r.terminal_id'))
    .leftJoin('taxi_beneficiary as b', (j) => j.onRef('b.municipality_id', '=', 'r.municipality_id').onRef('b.id', '=', 'r.beneficiary_id'))
    .select(['r.id', 'r.boarded_at', 'o.name as operator_name', 't.label as terminal_label', 'b.number', 'r.fare_yen', 'r.subsidy_yen', 'r.status', 'r.exception_reason', 'r.offline', 'r.binding_id', 'r.terminal_id', 'r.beneficiary_id'])
    .where('r.municipality_id', '=', m).where('r.programme_id', '=', programmeId);
}

const strip = ({ bindingId: _b, terminalId: _t, beneficiaryId: _x, ...e }: RideEvidence & { bindingId: string | null; terminalId: string; beneficiaryId: string | null }): RideEvidence => e;

export async function listAnomalies(services: Services, staff: StaffPrincipal, programmeId: string, input: { from: string; to: string; includeReviewed: boolean }, requestId: string | null): Promise<Anomaly[]> {
  const m = staff.municipalityId;
  const now = services.now();
  const db = services.db;
  const programme = await loadProgrammeRow(db, m, programmeId);
  assertProgrammeReviewer(staff, programme);
  const { rules } = await rulesAt(db, m, programmeId, now);
  const from = new Date(input.from);
  const to = new Date(input.to);
  const inRange = (q: ReturnType<typeof baseRides>) => q.where('r.boarded_at', '>=', from).where('r.boarded_at', '<', to);
  const out: Omit<Anomaly, 'review'>[] = [];

  // Same card, two taxis, within the window: consecutive rides of one binding on different terminals.
  const byCard = await rideEvidence(db, m, programmeId, (q) => inRange(q).where('r.binding_id', 'is not', null));
  const window = rules.sameCardWindowMinutes * 60_000;
  const groups = new Map<string, typeof byCard>();
  for (const r of byCard) groups.set(r.bindingId!, [...(groups.get(r.bindingId!) ?? []), r]);
  for (const rides of groups.values()) {
    for (let i = 1; i < rides.length; i++) {
      const a = rides[i - 1]!;
      const b = rides[i]!;
      const gap = Date.parse(b.boardedAt) - Date.parse(a.boardedAt);
      if (a.terminalId !== b.terminalId && gap < window) {
        out.push({
          key: `sameCard:${a.rideId}:${b.rideId}`, kind: 'sameCard', label: ANOMALY_LABELS.sameCard, at: b.boardedAt, terminal: null,
          summary: `利用者番号 ${b.beneficiaryNumber ?? '—'} のカードが${Math.round(gap / 60_000)}分の間に「${a.terminal}」と「${b.terminal}」で使われました。`,
          rides: [strip(a), strip(b)],
        });
      }
    }
  }

  const exceptions = await rideEvidence(db, m, programmeId, (q) => inRange(q).where('r.status', '!=', 'accepted').where('r.resolution', 'is', null));
  for (const r of exceptions) {
    out.push({
      key: `exception:${r.rideId}`, kind: 'exception', label: ANOMALY_LABELS.exception, at: r.boardedAt, terminal: null,
      summary: `${r.operatorName}「${r.terminal}」の乗車（運賃${r.fareYen.toLocaleString('ja-JP')}円${r.offline ? '・圏外で記録' : ''}）：${r.exceptionReason ?? '理由不明'}。助成するかどうかを決めてください。`,
      rides: [strip(r)],
    });
  }

  const unusual = await rideEvidence(db, m, programmeId, (q) => inRange(q).where('r.status', '=', 'accepted').where('r.fare_yen', '>=', rules.fare.unusualYen));
  for (const r of unusual) {
    out.push({
      key: `unusualFare:${r.rideId}`, kind: 'unusualFare', label: ANOMALY_LABELS.unusualFare, at: r.boardedAt, terminal: null,
      summary: `運賃${r.fareYen.toLocaleString('ja-JP')}円（確認の目安 ${rules.fare.unusualYen.toLocaleString('ja-JP')}円以上）の乗車です。`,
      rides: [strip(r)],
    });
  }

  const silentAfter = new Date(now.getTime() - rules.offline.maxListAgeHours * 3600_000);
  const terminals = await db.selectFrom('taxi_terminal as t')
    .innerJoin('taxi_programme_operator as po', (j) => j.onRef('po.municipality_id', '=', 't.municipality_id').onRef('po.operator_id', '=', 't.operator_id'))
    .innerJoin('taxi_operator as o', (j) => j.onRef('o.municipality_id', '=', 't.municipality_id').onRef('o.id', '=', 't.operator_id'))
    .select(['t.id', 't.label', 't.last_sync_at', 't.created_at', 'o.name'])
    .where('t.municipality_id', '=', m).where('po.programme_id', '=', programmeId).where('po.left_on', 'is', null).where('t.active', '=', true)
    .where((eb) => eb.or([eb('t.last_sync_at', '<', silentAfter), eb.and([eb('t.last_sync_at', 'is', null), eb('t.created_at', '<', silentAfter)])]))
    .execute();
  for (const t of terminals) {
    const since = t.last_sync_at ?? t.created_at;
    out.push({
      key: `silentTerminal:${t.id}:${since.toISOString()}`, kind: 'silentTerminal', label: ANOMALY_LABELS.silentTerminal, at: since.toISOString(), rides: [],
      terminal: { id: t.id, label: t.label, operatorName: t.name, lastSyncAt: t.last_sync_at?.toISOString() ?? null },
      summary: t.last_sync_at ? `${t.name}「${t.label}」は${Math.floor((now.getTime() - t.last_sync_at.getTime()) / 3600_000)}時間同期していません。圏外のまま乗車を記録しているおそれがあります。` : `${t.name}「${t.label}」は登録後一度も同期していません。`,
    });
  }

  const reviews = out.length === 0 ? [] : await db.selectFrom('taxi_anomaly_review').selectAll().where('municipality_id', '=', m).where('anomaly_key', 'in', out.map((a) => a.key)).execute();
  const reviewByKey = new Map(reviews.map((r) => [r.anomaly_key, r]));
  const result = out
    .map((a) => {
      const r = reviewByKey.get(a.key);
      return { ...a, review: r ? { status: r.status, note: r.note, at: r.at.toISOString() } : null };
    })
    .filter((a) => input.includeReviewed || a.review === null)
    .sort((a, b) => (a.at < b.at ? 1 : -1));
  await appendAudit(db, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.anomaly_read', subjectType: 'taxi_programme', subjectId: programmeId, requestId, details: { count: result.length } }, now);
  return result;
}

export async function reviewAnomaly(services: Services, staff: StaffPrincipal, programmeId: string, input: { key: string; status: 'checked' | 'dismissed'; note: string }, requestId: string | null): Promise<void> {
  const m = staff.municipalityId;
  const now = services.now();
  const programme = await loadProgrammeRow(services.db, m, programmeId);
  assertProgrammeReviewer(staff, programme);
  if (!/^(sameCard|exception|unusualFare|silentTerminal):[0-9a-f-]{36}/.test(input.key)) throw new AppError(400, 'TAXI_ANOMALY_KEY_INVALID', '確認する項目の指定が正しくありません。一覧を開き直してください。');
  const rideIds = input.key.match(/[0-9a-f-]{36}/g) ?? [];
  if (!input.key.startsWith('silentTerminal')) {
    const found = await services.db.selectFrom('taxi_ride').select('id').where('municipality_id', '=', m).where('programme_id', '=', programmeId).where('id', 'in', rideIds).execute();
    if (found.length !== rideIds.length) throw new AppError(404, 'TAXI_ANOMALY_NOT_FOUND', '確認する項目が見つかりません。一覧を開き直してください。');
  } else {
    const t = await services.db.selectFrom('taxi_terminal').select('id').where('municipality_id', '=', m).where('id', '=', rideIds[0]!).executeTakeFirst();
    if (!t) throw new AppError(404, 'TAXI_ANOMALY_NOT_FOUND', '確認する項目が見つかりません。一覧を開き直してください。');
  }
  await services.db.transaction().execute(async (trx) => {
    await trx.insertInto('taxi_anomaly_review').values({ municipality_id: m, anomaly_key: input.key, status: input.status, note: input.note, staff_id: staff.id, at: now })
      .onConflict((oc) => oc.columns(['municipality_id', 'anomaly_key']).doUpdateSet({ status: input.status, note: input.note, staff_id: staff.id, at: now })).execute();
    await appendAudit(trx, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.anomaly_review', subjectType: 'taxi_programme', subjectId: programmeId, requestId, details: { key: input.key, status: input.status } }, now);
  });
}
