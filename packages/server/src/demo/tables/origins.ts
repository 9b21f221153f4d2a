// Where people who moved in came from (住民票の前住所, prefecture + city as written in an address).
// Weighted toward the neighbouring towns of 北村山 and 最上, then the prefectural capital, 仙台 and
// Tokyo: a rural town's in-migration is mostly local marriages and job moves.
//
// A place is written as it was called in the year of the move: a bride who came in 1956 came from
// 北村山郡東根町, not 東根市 (a city since 1958), and nobody moved from さいたま市 before 2001.

export interface Origin {
  place: string;
  weight: number;
  /** Earlier names: [first year of the newer name, the name before it], newest first. */
  formerly?: ReadonlyArray<readonly [number, string]>;
}

export const ORIGINS: readonly Origin[] = [
  { place: '山形県尾花沢市', weight: 10, formerly: [[1959, '山形県北村山郡尾花沢町']] },
  { place: '山形県北村山郡大石田町', weight: 10 },
  { place: '山形県村山市', weight: 10, formerly: [[1955, '山形県北村山郡楯岡町']] },
  { place: '山形県東根市', weight: 9, formerly: [[1958, '山形県北村山郡東根町']] },
  { place: '山形県山形市', weight: 9 },
  { place: '山形県天童市', weight: 6, formerly: [[1958, '山形県東村山郡天童町']] },
  { place: '山形県新庄市', weight: 6, formerly: [[1949, '山形県最上郡新庄町']] },
  { place: '山形県寒河江市', weight: 3, formerly: [[1954, '山形県西村山郡寒河江町']] },
  { place: '山形県最上郡舟形町', weight: 3 },
  { place: '山形県最上郡最上町', weight: 3 },
  { place: '山形県上山市', weight: 1, formerly: [[1954, '山形県南村山郡上山町']] },
  { place: '山形県米沢市', weight: 1 },
  { place: '山形県鶴岡市', weight: 2 },
  { place: '山形県酒田市', weight: 2 },
  { place: '山形県西村山郡河北町', weight: 2, formerly: [[1954, '山形県西村山郡谷地町']] },
  { place: '宮城県仙台市青葉区', weight: 3, formerly: [[1989, '宮城県仙台市']] },
  { place: '宮城県仙台市泉区', weight: 2, formerly: [[1988, '宮城県泉市'], [1971, '宮城県黒川郡泉町']] },
  { place: '宮城県仙台市宮城野区', weight: 1, formerly: [[1989, '宮城県仙台市']] },
  { place: '宮城県加美郡加美町', weight: 1, formerly: [[2003, '宮城県加美郡中新田町']] },
  { place: '秋田県湯沢市', weight: 1, formerly: [[1954, '秋田県雄勝郡湯沢町']] },
  { place: '福島県福島市', weight: 1 },
  { place: '岩手県盛岡市', weight: 1 },
  { place: '新潟県新潟市中央区', weight: 1, formerly: [[2007, '新潟県新潟市']] },
  { place: '東京都世田谷区', weight: 1, formerly: [[1943, '東京府東京市世田谷区']] },
  { place: '東京都練馬区', weight: 1, formerly: [[1947, '東京都板橋区'], [1943, '東京府東京市板橋区']] },
  { place: '東京都足立区', weight: 1, formerly: [[1943, '東京府東京市足立区']] },
  { place: '神奈川県横浜市港北区', weight: 1 },
  { place: '埼玉県さいたま市大宮区', weight: 1, formerly: [[2003, '埼玉県さいたま市'], [2001, '埼玉県大宮市']] },
  { place: '千葉県船橋市', weight: 1 },
];

/** The name of `origin` in `year`. */
export function placeNameIn(origin: Origin, year: number): string {
  let name = origin.place;
  for (const [since, before] of origin.formerly ?? []) {
    if (year < since) name = before;
  }
  return name;
}
