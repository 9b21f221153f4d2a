import { sql, type Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';
import { AUDIT_ACTIONS, appendAudit, chainPendingAudit, verifyAuditChain, type AuditAction } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';

export interface AuditQuery {
  residentId?: string | undefined;
  staffId?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  offset: number;
}

/**
 * "Who looked at this resident, when, for what": events whose subject is the resident, plus
 * searches and household reads whose results included them.
 */
export async function queryAudit(db: Kysely<Database>, admin: StaffPrincipal, q: AuditQuery, requestId: string | null, now: Date) {
  let query = db
    .selectFrom('audit_event as e')
    .leftJoin('staff_user as s', (j) => j.onRef('s.municipality_id', '=', 'e.municipality_id').onRef('s.id', '=', 'e.actor_staff_id'))
    .leftJoin('resident as r', (j) => j.onRef('r.municipality_id', '=', 'e.municipality_id').onRef('r.id', '=', 'e.subject_id'))
    .where('e.municipality_id', '=', admin.municipalityId);
  if (q.residentId) {
    const id = q.residentId;
    query = query.where((eb) =>
      eb.or([
        eb('e.subject_id', '=', id),
        eb(sql`e.details -> 'resultIds'`, '@>', sql`${JSON.stringify([id])}::jsonb`),
        eb(sql`e.details -> 'householdMemberIds'`, '@>', sql`${JSON.stringify([id])}::jsonb`),
        eb(sql`e.details -> 'memberIds'`, '@>', sql`${JSON.stringify([id])}::jsonb`),
      ]),
    );
  }
  if (q.staffId) query = query.where('e.actor_staff_id', '=', q.staffId);
  if (q.action) query = query.where('e.action', '=', q.action);
  if (q.from) query = query.where('e.at', '>=', new Date(`${q.from}T00:00:00+09:00`));
  if (q.to) query = query.where('e.at', '<', new Date(new Date(`${q.to}T00:00:00+09:00`).getTime() + 86_400_000));
  const rows = await query
    .select([
      'e.id', 'e.seq', 'e.at', 'e.action', 'e.subject_type', 'e.subject_id', 'e.purpose', 'e.request_id', 'e.actor_staff_id',
      's.display_name', 'r.family_name', 'r.given_name',
      sql<string>`count(*) over ()`.as('total_count'),
    ])
    .orderBy('e.ord', 'desc')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  await appendAudit(db, {
    municipalityId: admin.municipalityId, actorStaffId: admin.id, action: 'audit.read', requestId,
    subjectType: q.residentId ? 'resident' : null, subjectId: q.residentId ?? null, purpose: '監査ログの確認',
    details: { filter: { staffId: q.staffId, action: q.action, from: q.from, to: q.to } },
  }, now);
  return {
    total: rows[0] ? Number(rows[0].total_count) : 0,
    items: rows.map((r) => ({
      id: r.id,
      seq: r.seq === null ? null : Number(r.seq),
      at: new Date(r.at).toISOString(),
      actor: r.actor_staff_id ? { id: r.actor_staff_id, displayName: r.display_name ?? '(削除された職員)' } : null,
      action: r.action,
      actionLabel: AUDIT_ACTIONS[r.action as AuditAction] ?? r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      subjectLabel: r.family_name ? `${r.family_name} ${r.given_name}` : null,
      purpose: r.purpose,
      requestId: r.request_id,
    })),
  };
}

export async function verifyAudit(db: Kysely<Database>, admin: StaffPrincipal, requestId: string | null, now: Date) {
  // Link what is pending first, so the answer covers the events written up to now.
  await chainPendingAudit(db, admin.municipalityId);
  const result = await verifyAuditChain(db, admin.municipalityId);
  // Recorded after checking, so the verification itself extends the chain it just proved.
  await appendAudit(db, { municipalityId: admin.municipalityId, actorStaffId: admin.id, action: 'audit.verify', requestId, details: { ok: result.ok, checked: result.checked } }, now);
  return result;
}
