import { createHash, randomUUID } from 'node:crypto';
import { createTestCertificateAuthority, generateRsaKeyPair, type SimulatedIssuers } from '@madoguchi/card/sim';
import type { TestPlatform } from '../../../../test/support/platform';
import type { Tenant } from '../../../../test/support/fixtures';
import { enrolTestDevice, type TestDevice } from '../../devices/test-support';
import { MAEBASHI_STYLE_RULES, type TaxiRules } from '../rules';
import { createDriver } from './drivers';

/**
 * A city with one programme (前橋-style rules: half the fare up to ¥1,000, 2 rides a day, 70 a
 * year), one operator with drivers, and terminals enrolled as real devices through the devices
 * module's routes. The taxi core's own tables are written directly here (test data only).
 */
export interface TaxiWorld {
  programmeId: string;
  ruleVersionId: string;
  operatorId: string;
  rules: TaxiRules;
}

export async function seedTaxiWorld(p: TestPlatform, tenant: Tenant, opts: { rules?: TaxiRules; fiscalYear?: number; suffix?: string } = {}): Promise<TaxiWorld> {
  const db = p.services.db;
  const m = tenant.municipalityId;
  const now = p.services.now();
  const fy = opts.fiscalYear ?? 2026;
  const rules = opts.rules ?? MAEBASHI_STYLE_RULES;
  const programmeId = randomUUID();
  const ruleVersionId = randomUUID();
  const operatorId = randomUUID();
  await db.insertInto('taxi_programme').values({
    municipality_id: m, id: programmeId, fiscal_year: fy, name: `令和${fy - 2018}年度 高齢者等タクシー運賃助成${opts.suffix ?? ''}`, status: 'active',
    starts_on: `${fy}-04-01`, ends_on: `${fy + 1}-03-31`, budget_yen: 30_000_000, department_id: null, created_at: now, updated_at: now,
  }).execute();
  await db.insertInto('taxi_rule_version').values({
    municipality_id: m, id: ruleVersionId, programme_id: programmeId, version: 1, rules: JSON.stringify(rules),
    effective_from: new Date(`${fy}-03-01T00:00:00+09:00`), created_at: now, created_by: null,
  }).execute();
  await db.insertInto('taxi_operator').values({ municipality_id: m, id: operatorId, code: `T01${opts.suffix ?? ''}`, name: '尾花沢観光タクシー', created_at: now }).execute();
  await db.insertInto('taxi_programme_operator').values({ municipality_id: m, programme_id: programmeId, operator_id: operatorId, joined_on: `${fy}-04-01`, left_on: null }).execute();
  await createDriver(db, m, operatorId, { code: '1001', name: '佐藤 運転手', pin: '4321' }, null, now);
  return { programmeId, ruleVersionId, operatorId, rules };
}

/** A taxi terminal: a device of kind 'taxi' enrolled through the real routes, linked to the operator. */
export async function addTerminal(p: TestPlatform, tenant: Tenant, world: TaxiWorld, adminCookie: string, label: string): Promise<TestDevice & { terminalId: string }> {
  const device = await enrolTestDevice(p, adminCookie, { kind: 'taxi', label });
  const terminalId = randomUUID();
  await p.services.db.insertInto('taxi_terminal').values({
    municipality_id: tenant.municipalityId, id: terminalId, operator_id: world.operatorId, vehicle_id: null, device_id: device.deviceId,
    label, created_at: p.services.now(),
  }).execute();
  return { ...device, terminalId };
}

export interface TestCard {
  certificate: Uint8Array;
  sha256: string;
}

/**
 * Test JPKI CAs valid from 2025 (createSimulatedIssuers makes them valid from now, and the test
 * clock is a fixed day in 2026, before the real clock).
 */
export async function createTestIssuers(): Promise<SimulatedIssuers> {
  const notBefore = new Date('2025-01-01T00:00:00Z');
  const authCa = await createTestCertificateAuthority({ subject: { country: 'JP', organization: 'JPKI', organizationalUnit: 'TEST', commonName: 'Test JPKI for user authentication' }, notBefore });
  const signingCa = await createTestCertificateAuthority({ subject: { country: 'JP', organization: 'JPKI', organizationalUnit: 'TEST', commonName: 'Test JPKI for digital signature' }, notBefore });
  const textKeys = await generateRsaKeyPair();
  const textCertificate = await signingCa.issue({ subject: { country: 'JP', organization: 'JPKI', commonName: 'Test card-face text signer' }, publicKey: textKeys.publicKey, notBefore });
  return { authCa, signingCa, textSigner: { keys: textKeys, certificate: textCertificate } };
}

/** Certificates valid over the whole simulated period (the test clock is not the real clock). */
export async function issueTestCards(count: number, opts: { issuers?: SimulatedIssuers; notAfter?: Date } = {}): Promise<{ issuers: SimulatedIssuers; cards: TestCard[] }> {
  const issuers = opts.issuers ?? (await createTestIssuers());
  const keys = await generateRsaKeyPair();
  const cards: TestCard[] = [];
  for (let i = 0; i < count; i++) {
    const certificate = await issuers.authCa.issue({
      subject: { country: 'JP', commonName: randomUUID().replaceAll('-', '').slice(0, 24).toUpperCase() },
      publicKey: keys.publicKey, keyUsage: ['digitalSignature'],
      notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: opts.notAfter ?? new Date('2030-01-01T00:00:00Z'),
    });
    cards.push({ certificate, sha256: createHash('sha256').update(certificate).digest('hex') });
  }
  return { issuers, cards };
}

/** A beneficiary of the programme with the card bound (status active unless told). */
export async function addBeneficiary(p: TestPlatform, tenant: Tenant, world: TaxiWorld, residentId: string, card: TestCard, opts: { status?: 'active' | 'suspended' | 'ended'; number?: string } = {}): Promise<string> {
  const db = p.services.db;
  const now = p.services.now();
  const id = randomUUID();
  await db.insertInto('taxi_beneficiary').values({
    municipality_id: tenant.municipalityId, id, programme_id: world.programmeId, resident_id: residentId, number: opts.number ?? `R8-${id.slice(0, 4)}`,
    status: opts.status ?? 'active', source: 'staff', eligibility: JSON.stringify({ eligible: true }), answers: '{}', rule_version: 1,
    case_id: null, decided_at: now, decided_by: null, created_at: now, updated_at: now,
  }).execute();
  await db.insertInto('taxi_card_binding').values({
    municipality_id: tenant.municipalityId, id: randomUUID(), beneficiary_id: id, cert_serial: card.sha256.slice(0, 16), cert_sha256: card.sha256,
    cert_not_after: null, status: 'active', channel: 'counter', bound_at: now, bound_by: null, ended_at: null, ended_reason: null,
  }).execute();
  return id;
}
