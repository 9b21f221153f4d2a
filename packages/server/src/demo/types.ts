// Output types of the demo-city generator. The server's loader (load.ts) inserts these into the
// registry, so the field names are a contract: add fields, never rename them.

export interface DemoMunicipality {
  localGovernmentCode: string;
  name: string;
  prefecture: string;
}

export interface DemoAddress {
  postalCode: string; // 7 digits, no hyphen, a real code of that 大字
  prefecture: string; // 山形県
  city: string; // 尾花沢市 (for a town in a 郡 the 郡 is included, as on a 住民票: 北村山郡大石田町)
  town: string; // 町字: the real 大字 / 町 name, e.g. 若葉町一丁目, 大字尾花沢, 大字鶴子
  block: string; // 番地: e.g. 2番3号 or 1234番地 or 1234番地の5
  building: string | null; // 方書: rare in a rural town
}

export type Sex = 'male' | 'female';

export interface DemoResident {
  residentRecordCode: string; // 11 digits, unique within the city
  familyName: string;
  givenName: string; // kanji (JIS level 1/2 only)
  familyNameKana: string;
  givenNameKana: string; // full-width katakana, the reading of the kanji
  birthDate: string; // YYYY-MM-DD
  sex: Sex;
  relationship: string; // 続柄 to the householder in official notation (世帯主, 妻, 子, 孫, 子の妻, …)
  residentSince: string; // YYYY-MM-DD: birth date when born here, else the move-in date
  movedInFrom: string | null; // previous address (prefecture + city) when they moved in, else null
}

export interface DemoHousehold {
  address: DemoAddress;
  members: DemoResident[]; // members[0] is the householder (relationship 世帯主)
}

export interface GenerateOptions {
  seed: number;
  municipality: DemoMunicipality;
  targetPopulation: number;
  referenceDate: string; // YYYY-MM-DD, ages are relative to it
}

export const OBANAZAWA: DemoMunicipality = {
  localGovernmentCode: '062120',
  name: '尾花沢市',
  prefecture: '山形県',
};

// The second, small tenant: it exists to exercise tenancy, so a few hundred residents suffice.
export const OISHIDA: DemoMunicipality = {
  localGovernmentCode: '063410',
  name: '大石田町',
  prefecture: '山形県',
};
