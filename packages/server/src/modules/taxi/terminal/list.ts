import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { canonicalJson } from '@madoguchi/device-sync';
import { todayInJapan } from '@madoguchi/jp';
import { appendAudit } from '../../../platform/audit/audit';
import { AppError } from '../../../platform/http/errors';
import type { Services } from '../../../platform/http/context';
import { type TaxiRules, TaxiRulesSchema, japanMonthRange, japanPeriods } from '../rules';
import { listSigningKey } from './keys';
import { type TerminalIdentity, currentProgramme, terminalOfDevice } from './terminals';

/**
 * The allow/deny list a terminal pulls (device-authenticated) to board passengers offline. Its
 * format is the terminal's (`madoguchi.taxi-list/1`, web features/taxi/terminal/logic/list.ts);
 * the body is signed as canonical JSON with the city's list key (ECDSA P-256, SHA-256, r‖s).
 *
 * Only what boarding needs: the SHA-256 of each active binding's certificate, the given name the
 * driver reads out, and the rides the server has accepted for the day, month and fiscal year. Every
 * list issued is recorded (taxi_list_issue) and, because it carries residents' names, audited.
 */
export const LIST_FORMAT = 'madoguchi.taxi-list/1';

export interface ListBody {
  format: typeof LIST_FORMAT;
  listId: string;
  municipalityId: string;
  deviceId: string;
  operatorName: string;
  issuedAt: string;
  serviceDate: string;
  bounds: { maxListAgeMinutes: number; maxOfflineMinutes: number; terminalPendingSubsidyYen: number; terminalPendingRides: number };
  programme: {
    id: string; name: string; ruleVersion: number; rule: TaxiRules['subsidy'];
    caps: { perDay: number; perMonth: number | null; perYear: number };
    fare: { minYen: number; maxYen: number };
  };
  trustAnchors: string[];
  allow: { binding: string; givenName: string; usedDay: number; usedMonth: number; usedYear: number }[];
  deny: { binding: string; reason: 'suspended' | 'revoked' | 'ended' | 'exhausted' }[];
  drivers: { code: string; name: string; pinHash: string; salt: string }[];
}

export interface SignedList {
  body: ListBody;
  keyId: string;
  signature: string;
}

/** Bindings that ended more than this long ago are no longer listed as denied (their certificates have expired too). */
const DENY_HORIZON_DAYS = 400;

export const maxSubsidyPerRide = (rules: TaxiRules) => (rules.subsidy.kind === 'rate' ? rules.subsidy.maxYen : rules.subsidy.amountYen);

/** The offline bounds a list carries, from the programme's rule version (documented in ARCHITECTURE.md). */
export function offlineBounds(rules: TaxiRules): ListBody['bounds'] {
  const minutes = rules.offline.maxListAgeHours * 60;
  return {
    maxListAgeMinutes: minutes,
    maxOfflineMinutes: minutes,
    terminalPendingRides: rules.offline.maxOfflineRidesPerTerminal,
    terminalPendingSubsidyYen: rules.offline.maxOfflineRidesPerTerminal * maxSubsidyPerRide(rules),
  };
}

export async function signListBody(services: Services, body: ListBody): Promise<SignedList> {
  const key = await listSigningKey(services, services.db, body.municipalityId);
  const bytes = new TextEncoder().encode(canonicalJson(body));
  const signature = Buffer.from(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, bytes)).toString('base64');
  return { body, keyId: key.keyId, signature };
}

export async function listPublicKey(services: Services, municipalityId: string): Promise<{ keyId: string; jwk: JsonWebKey }> {
  const key = await listSigningKey(services, services.db, municipalityId);
  return { keyId: key.keyId, jwk: key.publicJwk };
}

export async function buildTerminalList(services: Services, device: TerminalIdentity, trustAnchors: readonly Uint8Array[]): Promise<SignedList> {
  const now = services.now();
  const { municipalityId } = device;
  const terminal = await terminalOfDevice(services.db, device);
  const { programme, version } = await currentProgramme(services.db, municipalityId, terminal.operator_id, now);
  const rules = TaxiRulesSchema.parse(version.rules);
  const periods = japanPeriods(now);
  const dayFrom = new Date(Date.parse(`${periods.day}T00:00:00+09:00`));
  const dayTo = new Date(dayFrom.getTime() + 24 * 3600_000);
  const month = japanMonthRange(periods.month);
  const yearFrom = japanMonthRange(`${periods.fiscalYear}-04`).from;
  const yearTo = japanMonthRange(`${periods.fiscalYear + 1}-03`).to;

  const used = await services.db.selectFrom('taxi_ride')
    .select([
      'beneficiary_id',
      sql<string>`count(*) filter (where boarded_at >= ${dayFrom} and boarded_at < ${dayTo})`.as('day'),
      sql<string>`count(*) filter (where boarded_at >= ${month.from} and boarded_at < ${month.to})`.as('month'),
      sql<string>`count(*)`.as('year'),
    ])
    .where('municipality_id', '=', municipalityId).where('programme_id', '=', programme.id).where('status', '=', 'accepted')
    .where('boarded_at', '>=', yearFrom).where('boarded_at', '<', yearTo)
    .groupBy('beneficiary_id').execute();
  const usedBy = new Map(used.map((u) => [u.beneficiary_id, u]));

  // The resident's given name is read with the beneficiary: the list is the taxi module's own view.
  const active = await services.db.selectFrom('taxi_beneficiary as b')
    .innerJoin('taxi_card_binding as k', (j) => j.onRef('k.municipality_id', '=', 'b.municipality_id').onRef('k.beneficiary_id', '=', 'b.id'))
    .innerJoin('resident as r', (j) => j.onRef('r.municipality_id', '=', 'b.municipality_id').onRef('r.id', '=', 'b.resident_id'))
    .select(['b.id', 'b.resident_id', 'b.status', 'k.cert_sha256', 'k.status as binding_status', 'k.ended_at', 'r.given_name'])
    .where('b.municipality_id', '=', municipalityId).where('b.programme_id', '=', programme.id)
    .where((eb) => eb.or([eb('k.status', '=', 'active'), eb('k.ended_at', '>', new Date(now.getTime() - DENY_HORIZON_DAYS * 24 * 3600_000))]))
    .orderBy('k.cert_sha256').execute();

  const allow: ListBody['allow'] = [];
  const deny: ListBody['deny'] = [];
  const listedResidents: string[] = [];
  for (const row of active) {
    const binding = row.cert_sha256.trim();
    if (row.binding_status !== 'active') deny.push({ binding, reason: 'revoked' });
    else if (row.status !== 'active') deny.push({ binding, reason: row.status === 'ended' ? 'ended' : 'suspended' });
    else {
      const u = usedBy.get(row.id);
      allow.push({ binding, givenName: row.given_name, usedDay: Number(u?.day ?? 0), usedMonth: Number(u?.month ?? 0), usedYear: Number(u?.year ?? 0) });
      listedResidents.push(row.resident_id);
    }
  }
  const operator = await services.db.selectFrom('taxi_operator').select('name')
    .where('municipality_id', '=', municipalityId).where('id', '=', terminal.operator_id).executeTakeFirstOrThrow();
  const drivers = await services.db.selectFrom('taxi_driver').select(['code', 'name', 'pin_hash', 'pin_salt'])
    .where('municipality_id', '=', municipalityId).where('operator_id', '=', terminal.operator_id).where('active', '=', true)
    .orderBy('code').execute();

  const body: ListBody = {
    format: LIST_FORMAT,
    listId: randomUUID(),
    municipalityId,
    deviceId: device.deviceId,
    operatorName: operator.name,
    issuedAt: now.toISOString(),
    serviceDate: todayInJapan(now),
    bounds: offlineBounds(rules),
    programme: {
      id: programme.id, name: programme.name, ruleVersion: version.version, rule: rules.subsidy,
      caps: { perDay: rules.caps.perDay, perMonth: rules.caps.perMonth, perYear: rules.caps.perYear },
      fare: { minYen: rules.fare.minYen, maxYen: rules.fare.maxYen },
    },
    trustAnchors: trustAnchors.map((a) => Buffer.from(a).toString('base64')),
    allow,
    deny,
    drivers: drivers.map((d) => ({ code: d.code, name: d.name, pinHash: d.pin_hash.trim(), salt: d.pin_salt.trim() })),
  };
  const signed = await signListBody(services, body);
  await services.db.transaction().execute(async (trx) => {
    await trx.insertInto('taxi_list_issue').values({
      municipality_id: municipalityId, id: body.listId, terminal_id: terminal.id, key_id: signed.keyId, issued_at: now,
      service_date: body.serviceDate, allow_count: allow.length, deny_count: deny.length,
      sha256: createHash('sha256').update(canonicalJson(body)).digest('hex'),
    }).execute();
    await trx.updateTable('taxi_terminal').set({ last_sync_at: now })
      .where('municipality_id', '=', municipalityId).where('id', '=', terminal.id).execute();
    await appendAudit(trx, {
      municipalityId, actorStaffId: null, action: 'taxi.list_issued', subjectType: 'taxi_terminal', subjectId: terminal.id,
      purpose: '電子タクシー券の端末用名簿', details: { listId: body.listId, deviceId: device.deviceId, residentIds: listedResidents, denied: deny.length },
    }, now);
  });
  return signed;
}
