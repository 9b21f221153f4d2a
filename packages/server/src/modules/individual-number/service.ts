import type { Kysely } from 'kysely';
import { maskIndividualNumber, validateIndividualNumber } from '@madoguchi/jp';
import type { Database } from '../../platform/db/schema';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { FieldCipher } from '../../platform/crypto/field-encryption';
import { AppError, badRequest, notFound } from '../../platform/http/errors';

export interface IndividualNumberDeps {
  db: Kysely<Database>;
  cipher: FieldCipher;
  now: () => Date;
}

/**
 * Why the number is touched: the procedure being carried out. Only procedures flagged
 * 個人番号利用事務 may read or write the number itself (番号法); anything else sees it masked at most.
 */
export interface IndividualNumberUse {
  procedureId: string;
  procedureName: string;
  individualNumberUse: boolean;
}

const context = (municipalityId: string, residentId: string) => `individual-number:${municipalityId}:${residentId}`;

function assertPermitted(use: IndividualNumberUse) {
  if (!use.individualNumberUse) {
    throw new AppError(403, 'INDIVIDUAL_NUMBER_NOT_PERMITTED', `「${use.procedureName}」は個人番号利用事務ではないため、個人番号を扱えません。個人番号が必要な手続きから操作してください。`);
  }
}

async function assertResident(db: Kysely<Database>, municipalityId: string, residentId: string) {
  const r = await db.selectFrom('resident').select('id').where('municipality_id', '=', municipalityId).where('id', '=', residentId).executeTakeFirst();
  if (!r) throw notFound('RESIDENT_NOT_FOUND', '該当する住民が見つかりません。検索からやり直してください。');
}

export async function storeIndividualNumber(deps: IndividualNumberDeps, staff: StaffPrincipal, residentId: string, number: string, use: IndividualNumberUse, requestId: string | null): Promise<void> {
  assertPermitted(use);
  const checked = validateIndividualNumber(number);
  if (!checked.ok) throw badRequest(checked.code, checked.message, [{ path: 'individualNumber', message: checked.message }]);
  await assertResident(deps.db, staff.municipalityId, residentId);
  const ciphertext = deps.cipher.encrypt(checked.value, context(staff.municipalityId, residentId));
  const keyId = deps.cipher.keyIdOf(ciphertext);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('individual_number')
      .values({ municipality_id: staff.municipalityId, resident_id: residentId, key_id: keyId, ciphertext })
      .onConflict((oc) => oc.columns(['municipality_id', 'resident_id']).doUpdateSet({ key_id: keyId, ciphertext, updated_at: deps.now() }))
      .execute();
    await appendAudit(trx, {
      municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'individual_number.write', subjectType: 'resident', subjectId: residentId,
      purpose: use.procedureName, requestId, details: { procedureId: use.procedureId },
    }, deps.now());
  });
}

async function decryptFor(deps: IndividualNumberDeps, municipalityId: string, residentId: string): Promise<string | null> {
  const row = await deps.db.selectFrom('individual_number').select('ciphertext')
    .where('municipality_id', '=', municipalityId).where('resident_id', '=', residentId).executeTakeFirst();
  return row ? deps.cipher.decrypt(row.ciphertext, context(municipalityId, residentId)).toString('utf8') : null;
}

/** The number itself, for a 個人番号利用事務 procedure only; every read is audited with the procedure. */
export async function readIndividualNumber(deps: IndividualNumberDeps, staff: StaffPrincipal, residentId: string, use: IndividualNumberUse, requestId: string | null): Promise<string | null> {
  assertPermitted(use);
  await assertResident(deps.db, staff.municipalityId, residentId);
  const number = await decryptFor(deps, staff.municipalityId, residentId);
  await appendAudit(deps.db, {
    municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'individual_number.read', subjectType: 'resident', subjectId: residentId,
    purpose: use.procedureName, requestId, details: { procedureId: use.procedureId, found: number !== null },
  }, deps.now());
  return number;
}

/** ●●●●●●●●1234 — enough to confirm with the resident which card is meant. Audited too. */
export async function readMaskedIndividualNumber(deps: IndividualNumberDeps, staff: StaffPrincipal, residentId: string, purpose: string, requestId: string | null): Promise<string | null> {
  await assertResident(deps.db, staff.municipalityId, residentId);
  const number = await decryptFor(deps, staff.municipalityId, residentId);
  await appendAudit(deps.db, {
    municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'individual_number.read_masked', subjectType: 'resident', subjectId: residentId,
    purpose, requestId, details: { found: number !== null },
  }, deps.now());
  return number ? maskIndividualNumber(number) : null;
}

/**
 * Re-encrypts rows still under an older key with the active one (run after adding a key to
 * MADOGUCHI_ENCRYPTION_KEYS; the old key can be removed once this reports 0 remaining).
 */
export async function rotateIndividualNumberKeys(deps: IndividualNumberDeps, activeKeyId: string, batchSize = 500): Promise<{ reencrypted: number }> {
  let reencrypted = 0;
  for (;;) {
    const rows = await deps.db.selectFrom('individual_number').select(['municipality_id', 'resident_id', 'ciphertext'])
      .where('key_id', '!=', activeKeyId).limit(batchSize).execute();
    if (rows.length === 0) return { reencrypted };
    await deps.db.transaction().execute(async (trx) => {
      for (const r of rows) {
        const ctx = context(r.municipality_id, r.resident_id);
        const fresh = deps.cipher.encrypt(deps.cipher.decrypt(r.ciphertext, ctx), ctx);
        await trx.updateTable('individual_number').set({ ciphertext: fresh, key_id: activeKeyId, updated_at: deps.now() })
          .where('municipality_id', '=', r.municipality_id).where('resident_id', '=', r.resident_id).execute();
      }
    });
    reencrypted += rows.length;
  }
}
