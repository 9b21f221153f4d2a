import type { HouseholdFactsInput } from '../navigator/schema';
import type { BundleHousehold, BundleMember, Relationship } from './types';

export const fullName = (m: Pick<BundleMember, 'familyName' | 'givenName'>) => [m.familyName, m.givenName].filter((s) => s.trim() !== '').join(' ');
export const fullKana = (m: Pick<BundleMember, 'familyNameKana' | 'givenNameKana'>) => [m.familyNameKana, m.givenNameKana].filter((s) => s.trim() !== '').join(' ');

/** 続柄 as the registry writes it (世帯主, 妻, 子 …) ⇄ the navigator's codes. */
export const RELATIONSHIP_LABELS: Record<Relationship, string> = {
  householder: '世帯主', wife: '妻', husband: '夫', child: '子', father: '父', mother: '母',
  grandchild: '孫', grandparent: '祖父母', sibling: '兄弟姉妹', cohabitant: '同居人', other: 'その他',
};

export function relationshipFromLabel(label: string): Relationship {
  const text = label.trim();
  const exact = (Object.entries(RELATIONSHIP_LABELS) as [Relationship, string][]).find(([, l]) => l === text);
  if (exact) return exact[0];
  if (/^(長|次|三|四|五)?(男|女)$|^子/.test(text)) return 'child';
  if (/^(祖父|祖母)$/.test(text)) return 'grandparent';
  if (/^(兄|弟|姉|妹)$/.test(text)) return 'sibling';
  if (/^(夫の|妻の)?(父)$/.test(text)) return 'father';
  if (/^(夫の|妻の)?(母)$/.test(text)) return 'mother';
  if (text === '縁故者' || text === '同居人') return 'cohabitant';
  return 'other';
}

const PREFECTURE = /^(東京都|北海道|京都府|大阪府|[^\s都道府県]{2,3}県)/;

/**
 * The municipality an address names (埼玉県さいたま市浦和区… → 埼玉県 さいたま市), so the navigator
 * can tell a move from another prefecture. Designated cities' wards belong to the city; a 郡 is
 * skipped (北村山郡大石田町 → 大石田町). Null when the address does not start with a prefecture.
 */
export function municipalityOfAddress(address: string): { prefecture: string; name: string } | null {
  const text = address.normalize('NFKC').replace(/\s+/g, '');
  const pref = PREFECTURE.exec(text);
  if (!pref) return null;
  const rest = text.slice(pref[0].length).replace(/^[^郡市]{1,6}郡(?=.+?[町村])/, '');
  const city = /^(.+?市|.+?区|.+?町|.+?村)/.exec(rest);
  return city ? { prefecture: pref[0], name: city[1]! } : null;
}

/** The household as the navigator's rules see it, at the event. */
export function householdFacts(household: BundleHousehold, addresses: { previous?: string; next?: string }): HouseholdFactsInput {
  const previous = addresses.previous ? municipalityOfAddress(addresses.previous) : null;
  const next = addresses.next ? municipalityOfAddress(addresses.next) : null;
  return {
    members: household.members.filter((m) => /^\d{4}-\d{2}-\d{2}$/.test(m.birthDate)).map((m) => ({
      id: m.id,
      name: fullName(m) || '（氏名未入力）',
      birthDate: m.birthDate,
      ...(m.sex ? { sex: m.sex } : {}),
      relationship: m.relationship,
      moving: m.moving,
      healthInsurance: m.healthInsurance,
      pensionCategory: m.pensionCategory,
      pregnant: m.pregnant,
      disabilityCertificate: m.disabilityCertificate,
      careCertification: m.careCertification,
      hasMyNumberCard: m.hasMyNumberCard,
      sealRegistered: m.sealRegistered,
      civilServant: m.civilServant,
    })),
    ...(previous ? { previousMunicipality: previous } : {}),
    ...(next ? { nextMunicipality: next } : {}),
    dogs: household.dogs,
    mopeds: household.mopeds,
    cars: household.cars,
    receivesChildAllowance: household.receivesChildAllowance,
  };
}

/** A blank member with the navigator's defaults, for the member table's 「＋ 追加」. */
export function emptyMember(id: string, relationship: Relationship = 'other'): BundleMember {
  return {
    id, residentId: null, familyName: '', givenName: '', familyNameKana: '', givenNameKana: '', birthDate: '', sex: null,
    relationship, moving: true, healthInsurance: 'unknown', pensionCategory: 'unknown', hasMyNumberCard: false, sealRegistered: false,
    pregnant: false, disabilityCertificate: false, careCertification: false, civilServant: false,
  };
}
