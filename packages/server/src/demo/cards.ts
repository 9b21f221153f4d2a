import type { Kysely } from 'kysely';
import { ageOn, individualNumberCheckDigit, type IsoDate } from '@madoguchi/jp';
import {
  type SimulatedCard,
  type SimulatedIssuers,
  createForeignCard,
  createSimulatedIssuers,
  generateRsaKeyPair,
  personaliseMyNumberCard,
} from '@madoguchi/card/sim';
import type { Database } from '../platform/db/schema';
import { PgRegistry } from '../modules/registry/pg-registry';
import type { ResidentRecord } from '../modules/registry/types';
import { findMunicipalityByCode } from '../modules/tenancy/service';
import { DEFAULT_REFERENCE_DATE, generateCity } from './generate';
import { DEMO_SEED, DEMO_TENANTS } from './load';
import type { DemoAddress, DemoHousehold, DemoResident } from './types';

/** The PIN of every demo card (券面事項入力補助用 and 利用者証明用). */
export const DEMO_CARD_PIN = '1234';
/** The 署名用 password of every demo card: 6–16 upper-case letters and digits, as the card requires. */
export const DEMO_CARD_SIGNING_PASSWORD = 'ABC123';

export type DemoCardKind = 'householder' | 'youngFamily' | 'oldAddress';

/** A demo resident chosen to carry a card, and what makes their card worth trying. */
export interface DemoCardHolder {
  kind: DemoCardKind;
  residentRecordCode: string;
  familyName: string;
  givenName: string;
  birthDate: string;
  /** For `oldAddress`: where they lived before, still printed on the card. */
  previousAddress: DemoAddress | null;
}

const NOTES: Record<DemoCardKind | 'foreign', string> = {
  householder: '住所・氏名とも住民記録のとおりのカード',
  youngFamily: '未就学の子がいる子育て世帯のカード',
  oldAddress: '転居後、券面の住所を書き換えていないカード',
  foreign: 'マイナンバーカードではないカード（交通系ICカードなど）',
};

const age = (r: DemoResident) => ageOn(r.birthDate as IsoDate, DEFAULT_REFERENCE_DATE as IsoDate);

/**
 * Picks the card holders from the generated city, in generation order, so every machine gets the
 * same people: the first householder in their 40s–60s, a parent of the first family with a child
 * under 6 (the counter's child-care procedures need one), and the first elderly person living
 * alone, whose card still shows the address of an earlier household (without a card) in another 町.
 */
export function chooseDemoCardHolders(households: Iterable<DemoHousehold>): DemoCardHolder[] {
  const found = new Map<DemoCardKind, DemoCardHolder>();
  let previous: DemoHousehold | undefined;
  for (const household of households) {
    const head = household.members[0];
    if (head === undefined) continue;
    const taken = [...found.values()].some((h) => household.members.some((m) => m.residentRecordCode === h.residentRecordCode));
    const holder = (kind: DemoCardKind, r: DemoResident, previousAddress: DemoAddress | null = null): DemoCardHolder => ({
      kind, residentRecordCode: r.residentRecordCode, familyName: r.familyName, givenName: r.givenName, birthDate: r.birthDate, previousAddress,
    });
    if (!taken && !found.has('youngFamily') && household.members.some((m) => m.relationship === '子' && age(m) < 6)) {
      const parent = household.members.find((m) => m.relationship === '妻') ?? head;
      found.set('youngFamily', holder('youngFamily', parent));
    } else if (!taken && !found.has('oldAddress') && household.members.length === 1 && age(head) >= 75
      && previous !== undefined && previous.address.town !== household.address.town) {
      found.set('oldAddress', holder('oldAddress', head, previous.address));
    } else if (!taken && !found.has('householder') && age(head) >= 40 && age(head) < 70) {
      found.set('householder', holder('householder', head));
    }
    if (found.size === 3) break;
    // The old address on the card is another household's; not one whose member got a card too.
    const holdsCard = [...found.values()].some((h) => household.members.some((m) => m.residentRecordCode === h.residentRecordCode));
    if (!holdsCard) previous = household;
  }
  const order: DemoCardKind[] = ['householder', 'youngFamily', 'oldAddress'];
  return order.flatMap((kind) => found.get(kind) ?? []);
}

/** One card of the demo reader, tied to the city whose resident it belongs to. */
export interface IssuedDemoCard {
  id: string;
  municipalityId: string;
  /** The holder's name as the registry has it, or what the card is. */
  label: string;
  note: string;
  residentId: string | null;
  card: SimulatedCard;
}

/** Digits as the card face prints them (２番３号), so matching has to cope with widths as it will with real cards. */
const fullWidthDigits = (text: string) => text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

function cardAddress(a: Pick<DemoAddress, 'prefecture' | 'city' | 'town' | 'block' | 'building'>): string {
  const main = fullWidthDigits(`${a.prefecture}${a.city}${a.town}${a.block}`);
  return a.building ? `${main}\u3000${fullWidthDigits(a.building)}` : main;
}

/** The registry record of a generated resident, found the way staff would: by name and birth date. */
async function findResident(db: Kysely<Database>, municipalityId: string, holder: DemoCardHolder): Promise<ResidentRecord | undefined> {
  const page = await new PgRegistry(db).search(municipalityId, {
    q: `${holder.familyName}${holder.givenName}`, birth: { from: holder.birthDate, to: holder.birthDate }, limit: 20, offset: 0,
  });
  return page.items.find((r) => r.residentRecordCode === holder.residentRecordCode && r.status === 'active');
}

/** The slow part of issuing (RSA key generation): start it early, it runs beside the data loading. */
export interface DemoCardKeys {
  issuers: SimulatedIssuers;
  keys: { auth: CryptoKeyPair; signing: CryptoKeyPair };
}

export async function createDemoCardKeys(): Promise<DemoCardKeys> {
  const [issuers, auth, signing] = await Promise.all([createSimulatedIssuers(), generateRsaKeyPair(), generateRsaKeyPair()]);
  // Every demo card shares one key pair per certificate kind: key generation dominates start-up,
  // and nothing in the demo tells two cards apart by key.
  return { issuers, keys: { auth, signing } };
}

/**
 * Issues simulated My Number cards to a few residents of each demo city, personalised from their
 * registry records (so a card read can be matched back), plus one card that is not a My Number
 * card. PIN 1234. The individual number on the cards is fictitious: the 住民票コード with a check
 * digit; nothing reads it in the demo.
 */
export async function issueDemoCards(db: Kysely<Database>, keys: DemoCardKeys): Promise<IssuedDemoCard[]> {
  const cards: IssuedDemoCard[] = [];
  for (const tenant of DEMO_TENANTS) {
    const municipality = await findMunicipalityByCode(db, tenant.municipality.localGovernmentCode);
    if (!municipality) continue;
    const households = generateCity({ seed: DEMO_SEED, municipality: tenant.municipality, targetPopulation: tenant.population, referenceDate: DEFAULT_REFERENCE_DATE });
    for (const holder of chooseDemoCardHolders(households)) {
      // A resident the registry no longer has as they were generated (moved out, edited) gets no card.
      const record = await findResident(db, municipality.id, holder);
      if (!record) continue;
      const { card } = await personaliseMyNumberCard(
        {
          familyName: record.familyName,
          givenName: record.givenName,
          address: cardAddress(holder.previousAddress ?? record.address),
          birthDate: record.birthDate,
          sex: record.sex,
          individualNumber: `${record.residentRecordCode}${individualNumberCheckDigit(record.residentRecordCode)}`,
          pin: DEMO_CARD_PIN,
          signingPassword: DEMO_CARD_SIGNING_PASSWORD,
        },
        keys.issuers,
        { keys: keys.keys },
      );
      cards.push({
        id: `${tenant.municipality.localGovernmentCode}-${holder.kind}`,
        municipalityId: municipality.id,
        label: `${record.familyName} ${record.givenName}`,
        note: NOTES[holder.kind],
        residentId: record.id,
        card,
      });
    }
    cards.push({ id: `${tenant.municipality.localGovernmentCode}-foreign`, municipalityId: municipality.id, label: '交通系ICカード', note: NOTES.foreign, residentId: null, card: createForeignCard() });
    if (tenant === DEMO_TENANTS[0]) cards.push(await movingInCard(municipality.id, keys));
  }
  return cards;
}

/**
 * The 書かない窓口 demo: the householder of a family moving in from さいたま市 (not in the registry),
 * whose card still shows the old address, as a card does before the 転入. The same family is in the
 * counter's demo 転入予約 data (web: features/counter/demoData.ts).
 */
async function movingInCard(municipalityId: string, keys: DemoCardKeys): Promise<IssuedDemoCard> {
  const { card } = await personaliseMyNumberCard(
    {
      familyName: '和田', givenName: '健一', address: cardAddress({ prefecture: '埼玉県', city: 'さいたま市浦和区', town: '高砂三丁目', block: '1番1号', building: null }),
      birthDate: '1986-04-12', sex: 'male', individualNumber: `12345678901${individualNumberCheckDigit('12345678901')}`,
      pin: DEMO_CARD_PIN, signingPassword: DEMO_CARD_SIGNING_PASSWORD,
    },
    keys.issuers,
    { keys: keys.keys },
  );
  return { id: `${DEMO_TENANTS[0]!.municipality.localGovernmentCode}-movingIn`, municipalityId, label: '転入予定 和田 健一', note: 'さいたま市から転入する家族の世帯主のカード（住民記録にはまだいません）', residentId: null, card };
}
