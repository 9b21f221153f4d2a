import { normalizeName } from '@madoguchi/jp';
import type { CardFaceAttributes, Sex as CardSex } from '@madoguchi/card';
import type { ResidentSummary } from '../../api/types';

export const cardSexLabels: Record<CardSex, string> = { male: '男', female: '女', notApplicable: '適用不能', unknown: '不明' };

/**
 * The card prints full-width digits and an ideographic space (山田　太郎, 一丁目２番３号); the
 * registry stores half-width and ASCII spaces. Compare them as the registry's search keys do:
 * width-folded (kanji variants kept) and without spaces.
 */
export function comparable(text: string): string {
  return normalizeName(text).replace(/\s+/gu, '');
}

/** Registry records that are the card's holder by name and birth date (the search also returns name prefixes). */
export function matchingResidents(card: CardFaceAttributes, candidates: readonly ResidentSummary[]): ResidentSummary[] {
  const name = comparable(card.name);
  return candidates.filter((r) => comparable(r.name) === name && r.birthDate === card.birthDate);
}

export interface Difference {
  readonly field: '住所' | '性別' | '住民記録の状態';
  readonly card: string;
  readonly registry: string;
  /** What staff should look into; they decide, the screen does not. */
  readonly advice: string;
}

const STATUS_LABELS: Record<ResidentSummary['status'], string> = { active: '在住', moved_out: '転出済み', deceased: '死亡' };

/** What differs between the card and a matching record, for staff to check with the resident. */
export function differencesBetween(card: CardFaceAttributes, resident: ResidentSummary): Difference[] {
  const differences: Difference[] = [];
  if (comparable(card.address) !== comparable(resident.address)) {
    differences.push({
      field: '住所', card: card.address, registry: resident.address,
      advice: '転居の後、カードの住所（追記欄）を書き換えていない可能性があります。本人に今の住所を確かめ、必要ならカードの記載事項の変更をご案内ください。',
    });
  }
  if (card.sex !== resident.sex) {
    differences.push({ field: '性別', card: cardSexLabels[card.sex], registry: cardSexLabels[resident.sex], advice: '本人に確かめ、住民記録の担当に相談してください。' });
  }
  if (resident.status !== 'active') {
    differences.push({
      field: '住民記録の状態', card: '—', registry: STATUS_LABELS[resident.status],
      advice: 'この市の住民記録では在住ではありません。本人に確かめてから手続きを進めてください。',
    });
  }
  return differences;
}
