/** Where a department sits in city hall; printed on the 手続き案内書. */
export type Department = {
  id: string;
  name: string;
  /** The 係 or team that handles the counter work. */
  section: string;
  floor: string;
  desk: string;
  phone: string;
};

/** A 尾花沢市-like organisation. Floors and desks are this demo city's, kept as data. */
export const departments: readonly Department[] = [
  { id: 'shimin-zeimu', name: '市民税務課', section: '市民窓口係（住民記録・印鑑・マイナンバーカード・戸籍）', floor: '1階', desk: '1番窓口', phone: '0237-22-1111（内線131）' },
  { id: 'zeimu', name: '市民税務課', section: '税務係（軽自動車税）', floor: '1階', desk: '2番窓口', phone: '0237-22-1111（内線141）' },
  { id: 'kenko-zoshin', name: '健康増進課', section: '保険年金係（国民健康保険・国民年金・後期高齢者医療・子ども医療費）', floor: '1階', desk: '4番窓口', phone: '0237-22-1111（内線151）' },
  { id: 'kenko-boshi', name: '健康増進課', section: '母子保健係（妊娠・出産・乳幼児健診）', floor: '1階', desk: '5番窓口', phone: '0237-22-1111（内線156）' },
  { id: 'fukushi', name: '福祉課', section: '介護保険係・障がい福祉係', floor: '1階', desk: '6番窓口', phone: '0237-22-1111（内線161）' },
  { id: 'kodomo-mirai', name: 'こども未来課', section: '子育て支援係（児童手当・児童扶養手当・保育）', floor: '1階', desk: '7番窓口', phone: '0237-22-1111（内線171）' },
  { id: 'gakko-kyoiku', name: '教育委員会 学校教育課', section: '学務係（転入学・就学）', floor: '2階', desk: '21番窓口', phone: '0237-22-1111（内線231）' },
  { id: 'kankyo-seibi', name: '環境整備課', section: '環境衛生係（犬の登録・ごみ）', floor: '2階', desk: '24番窓口', phone: '0237-22-1111（内線241）' },
];

export function departmentById(id: string): Department | undefined {
  return departments.find((d) => d.id === id);
}
