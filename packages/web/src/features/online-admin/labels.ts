import { formatWareki, isIsoDate } from '@madoguchi/jp';
import type { AuthLevel, PublicationRule } from '../../api/online';

export const AUTH_LEVEL_LABELS: Record<AuthLevel, string> = {
  none: 'アカウントなしで申請できる',
  account: 'メール確認済みのアカウントが必要',
  card: 'マイナンバーカードでのログインが必要',
};

export const yen = (n: number) => (n > 0 ? `${n.toLocaleString('ja-JP')}円` : 'なし');
export const wareki = (d: string | null) => (d && isIsoDate(d) ? formatWareki(d) : '');

/** 受付期間 as officials write it: 令和8年4月1日から令和8年10月31日まで. */
export function periodLabel(rule: Pick<PublicationRule, 'openFrom' | 'openUntil'>): string {
  if (!rule.openFrom && !rule.openUntil) return '期限なし';
  return `${rule.openFrom ? `${wareki(rule.openFrom)}から` : ''}${rule.openUntil ? `${wareki(rule.openUntil)}まで` : ''}`;
}
