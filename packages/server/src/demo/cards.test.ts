import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageOn, type IsoDate } from '@madoguchi/jp';
import { CardChannel, NotMyNumberCardError, TextAp } from '@madoguchi/card';
import { SimulatedCardTransport } from '@madoguchi/card/sim';
import { createTestPlatform, type TestPlatform } from '../../test/support/platform';
import { PgRegistry } from '../modules/registry/pg-registry';
import { formatAddress } from '../modules/registry/service';
import { DEMO_CARD_PIN, chooseDemoCardHolders, createDemoCardKeys, issueDemoCards, type IssuedDemoCard } from './cards';
import { DEFAULT_REFERENCE_DATE, generateCity } from './generate';
import { DEMO_SEED, loadDemoData } from './load';
import { OBANAZAWA } from './types';

const city = () => generateCity({ seed: DEMO_SEED, municipality: OBANAZAWA, targetPopulation: 14_000, referenceDate: DEFAULT_REFERENCE_DATE });
const age = (birthDate: string) => ageOn(birthDate as IsoDate, DEFAULT_REFERENCE_DATE as IsoDate);

describe('chooseDemoCardHolders', () => {
  it('picks the same three different people every time: a householder, a young family, an elderly person who moved', () => {
    const holders = chooseDemoCardHolders(city());
    expect(chooseDemoCardHolders(city())).toEqual(holders);
    expect(holders.map((h) => h.kind)).toEqual(['householder', 'youngFamily', 'oldAddress']);
    expect(new Set(holders.map((h) => h.residentRecordCode)).size).toBe(3);

    const households = [...city()];
    const householdOf = (code: string) => households.find((h) => h.members.some((m) => m.residentRecordCode === code))!;
    const [householder, youngFamily, oldAddress] = holders;
    expect(age(householder!.birthDate)).toBeGreaterThanOrEqual(40);
    expect(householdOf(youngFamily!.residentRecordCode).members.some((m) => m.relationship === '子' && age(m.birthDate) < 6)).toBe(true);
    const alone = householdOf(oldAddress!.residentRecordCode);
    expect(alone.members).toHaveLength(1);
    expect(age(oldAddress!.birthDate)).toBeGreaterThanOrEqual(75);
    expect(oldAddress!.previousAddress?.town).not.toBe(alone.address.town);
    for (const h of holders) expect(householdOf(h.residentRecordCode).address).not.toEqual(oldAddress!.previousAddress);
  });
});

describe('issueDemoCards', () => {
  let p: TestPlatform;
  let cards: IssuedDemoCard[];
  beforeAll(async () => {
    p = await createTestPlatform();
    // A twentieth of the city is enough: the holders come from the first households generated.
    await loadDemoData(p.services, { populationScale: 0.05 });
    cards = await issueDemoCards(p.services.db, await createDemoCardKeys());
  });
  afterAll(() => p.close());

  async function read(card: IssuedDemoCard) {
    const text = new TextAp(new CardChannel(new SimulatedCardTransport(card.card)));
    await text.verifyPin(DEMO_CARD_PIN);
    return text.readAttributes();
  }

  it("issues cards carrying the registry's own residents, readable with PIN 1234", async () => {
    const obanazawa = cards.filter((c) => c.id.startsWith('062120-'));
    expect(obanazawa.map((c) => c.id)).toEqual(['062120-householder', '062120-youngFamily', '062120-oldAddress', '062120-foreign', '062120-movingIn']);
    const registry = new PgRegistry(p.services.db);
    for (const card of obanazawa.filter((c) => c.residentId !== null)) {
      const record = (await registry.getResident(card.municipalityId, card.residentId!))!;
      const attributes = await read(card);
      expect(attributes.name).toBe(`${record.familyName}\u3000${record.givenName}`);
      expect(card.label).toBe(`${record.familyName} ${record.givenName}`);
      expect(attributes.birthDate).toBe(record.birthDate);
      expect(attributes.sex).toBe(record.sex);
      // The card prints full-width digits; only the elderly resident's card still shows an old address.
      const same = attributes.address.normalize('NFKC').replace(/\s/g, '') === formatAddress(record.address).replace(/\s/g, '');
      expect(same, card.id).toBe(card.id !== '062120-oldAddress');
    }
  });

  it('adds, for the counter demo, the card of a householder moving in who is not in the registry yet', async () => {
    const card = cards.find((c) => c.id === '062120-movingIn')!;
    expect(card.residentId).toBeNull();
    const attributes = await read(card);
    expect(attributes.name).toBe('和田\u3000健一');
    expect(attributes.address.normalize('NFKC')).toContain('埼玉県さいたま市浦和区');
  });

  it('adds a card that is not a My Number card, for each city', async () => {
    const foreign = cards.filter((c) => c.id.endsWith('-foreign'));
    expect(foreign.map((c) => c.id)).toEqual(['062120-foreign', '063410-foreign']);
    const text = new TextAp(new CardChannel(new SimulatedCardTransport(foreign[0]!.card)));
    await expect(text.readPinStatus()).rejects.toBeInstanceOf(NotMyNumberCardError);
  });
});
