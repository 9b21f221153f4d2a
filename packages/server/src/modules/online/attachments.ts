import { createHash, randomUUID } from 'node:crypto';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { Services } from '../../platform/http/context';
import { AppError, badRequest, notFound } from '../../platform/http/errors';
import { getCaseForApplicant, getCaseForStaff } from '../cases/service';
import { loadVersion } from '../procedures/store';
import type { ResidentPrincipal } from './accounts';
import { storageOf } from './storage';

/** At most this many files per kind of attachment on one application. */
const MAX_FILES = 5;

/**
 * What the bytes are, from their first bytes (magic numbers), whatever the file is called:
 * a script renamed to .pdf is refused. Only the types applications use: PDF, JPEG, PNG.
 */
export function sniffMediaType(bytes: Uint8Array): 'application/pdf' | 'image/jpeg' | 'image/png' | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  return null;
}

const LABELS: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG画像', 'image/png': 'PNG画像' };

export interface AttachmentView {
  id: string;
  attachmentId: string;
  filename: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

async function owned(services: Services, r: ResidentPrincipal, caseId: string) {
  const row = await services.db.selectFrom('online_application').select('case_id')
    .where('municipality_id', '=', r.municipalityId).where('case_id', '=', caseId).where('account_id', '=', r.accountId).executeTakeFirst();
  if (!row) throw notFound('PORTAL_APPLICATION_NOT_FOUND', 'この申請は見つかりません。「申請の一覧」から選び直してください。');
  return getCaseForApplicant(services.db, r.municipalityId, caseId);
}

export async function listAttachments(services: Services, municipalityId: string, caseId: string): Promise<AttachmentView[]> {
  const rows = await services.db.selectFrom('online_attachment').selectAll().where('municipality_id', '=', municipalityId).where('case_id', '=', caseId).orderBy('created_at').execute();
  return rows.map((a) => ({ id: a.id, attachmentId: a.attachment_ref, filename: a.filename, mediaType: a.media_type, sizeBytes: a.size_bytes, sha256: a.sha256, createdAt: new Date(a.created_at).toISOString() }));
}

/** A file for one of the procedure's allowed attachments, checked on its content and size. */
export async function uploadAttachment(services: Services, r: ResidentPrincipal, caseId: string, attachmentId: string, filename: string, bytes: Uint8Array): Promise<AttachmentView> {
  const { case: view } = await owned(services, r, caseId);
  if (view.status !== 'draft' && view.status !== 'returned') {
    throw new AppError(409, 'CASE_NOT_EDITABLE', '送信済みの申請にはファイルを追加できません。担当課から修正の依頼があったときに追加できます。');
  }
  const version = await loadVersion(services.db, r.municipalityId, view.procedureId, view.procedureVersion);
  const spec = version?.definition.attachments.find((a) => a.id === attachmentId);
  if (!spec) throw notFound('ATTACHMENT_KIND_NOT_FOUND', 'この手続きでは、その書類は添付できません。画面を開き直してください。');
  if (bytes.byteLength === 0) throw badRequest('ATTACHMENT_EMPTY', 'ファイルが空です。もう一度選んでください。');
  if (bytes.byteLength > spec.maxSizeMb * 1024 * 1024) {
    throw badRequest('ATTACHMENT_TOO_LARGE', `「${spec.label}」は${spec.maxSizeMb}MBまでです。写真なら画質を下げるか、書類を分けて添付してください。`);
  }
  const sniffed = sniffMediaType(bytes);
  if (!sniffed || !spec.accept.includes(sniffed)) {
    const allowed = spec.accept.map((t) => LABELS[t] ?? t).join('・');
    throw badRequest('ATTACHMENT_TYPE_NOT_ALLOWED', `「${spec.label}」は${allowed}で添付してください。ファイルの中身が${allowed}ではありません（名前の拡張子ではなく中身で確かめています）。`);
  }
  const existing = await listAttachments(services, r.municipalityId, caseId);
  if (existing.filter((a) => a.attachmentId === attachmentId).length >= MAX_FILES) {
    throw badRequest('ATTACHMENT_TOO_MANY', `「${spec.label}」は${MAX_FILES}個まで添付できます。不要なものを削除してから追加してください。`);
  }
  const id = randomUUID();
  const key = `${r.municipalityId}/${id}`;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const now = services.now();
  // The name is kept only for display; control characters and paths are stripped.
  const name = filename.normalize('NFC').replace(/[\u0000-\u001f\u007f/\\]/g, '').slice(0, 200) || 'file';
  await storageOf(services).put(key, bytes);
  try {
    await services.db.transaction().execute(async (trx) => {
      await trx.insertInto('online_attachment').values({
        municipality_id: r.municipalityId, id, case_id: caseId, attachment_ref: attachmentId, filename: name, media_type: sniffed,
        size_bytes: bytes.byteLength, sha256, storage_key: key, created_at: now,
      }).execute();
      await appendAudit(trx, { municipalityId: r.municipalityId, actorStaffId: null, action: 'online.attachment_add', subjectType: 'case', subjectId: caseId, details: { attachmentId, mediaType: sniffed, sizeBytes: bytes.byteLength, sha256 } }, now);
    });
  } catch (e) {
    await storageOf(services).delete(key);
    throw e;
  }
  return { id, attachmentId, filename: name, mediaType: sniffed, sizeBytes: bytes.byteLength, sha256, createdAt: now.toISOString() };
}

async function fileOf(services: Services, municipalityId: string, caseId: string, fileId: string) {
  const row = await services.db.selectFrom('online_attachment').selectAll()
    .where('municipality_id', '=', municipalityId).where('case_id', '=', caseId).where('id', '=', fileId).executeTakeFirst();
  if (!row) throw notFound('ATTACHMENT_NOT_FOUND', '添付ファイルが見つかりません。画面を更新してください。');
  return row;
}

export async function readAttachmentForApplicant(services: Services, r: ResidentPrincipal, caseId: string, fileId: string) {
  await owned(services, r, caseId);
  const row = await fileOf(services, r.municipalityId, caseId, fileId);
  return { bytes: await storageOf(services).get(row.storage_key), mediaType: row.media_type, filename: row.filename };
}

/** Staff see a file only through a case they may open (the reviewer's department scope applies); audited. */
export async function readAttachmentForStaff(services: Services, staff: StaffPrincipal, caseId: string, fileId: string, requestId: string | null) {
  await getCaseForStaff(services, staff, caseId, requestId);
  const row = await fileOf(services, staff.municipalityId, caseId, fileId);
  await appendAudit(services.db, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'online.attachment_read', subjectType: 'case', subjectId: caseId, requestId, details: { fileId } }, services.now());
  return { bytes: await storageOf(services).get(row.storage_key), mediaType: row.media_type, filename: row.filename };
}

export async function deleteAttachment(services: Services, r: ResidentPrincipal, caseId: string, fileId: string): Promise<void> {
  const { case: view } = await owned(services, r, caseId);
  if (view.status !== 'draft' && view.status !== 'returned') {
    throw new AppError(409, 'CASE_NOT_EDITABLE', '送信済みの申請の添付ファイルは削除できません。');
  }
  const row = await fileOf(services, r.municipalityId, caseId, fileId);
  await services.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('online_attachment').where('municipality_id', '=', r.municipalityId).where('id', '=', fileId).execute();
    await appendAudit(trx, { municipalityId: r.municipalityId, actorStaffId: null, action: 'online.attachment_delete', subjectType: 'case', subjectId: caseId, details: { fileId } }, services.now());
  });
  await storageOf(services).delete(row.storage_key);
}
