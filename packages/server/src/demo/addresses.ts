import type { MunicipalityTowns, TownSpec } from './tables/towns';
import { WeightedTable, type Rng } from './prng';
import type { DemoAddress } from './types';

const KANJI_NUMERALS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 1 → 一, 10 → 十: 丁目 numbers are written in kanji in the town name (若葉町一丁目). */
export function chomeName(n: number): string {
  if (n <= 10) return KANJI_NUMERALS[n] as string;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : KANJI_NUMERALS[tens]}十${ones === 0 ? '' : KANJI_NUMERALS[ones]}`;
}

export interface AddressChoice {
  address: DemoAddress;
  central: boolean;
}

export class AddressPicker {
  private readonly table: WeightedTable<TownSpec>;

  constructor(private readonly spec: MunicipalityTowns) {
    this.table = new WeightedTable(spec.towns.map((t) => [t, t.weight] as const));
  }

  /** A house address; `apartment` asks for a 方書 (only honoured in the town centre). */
  pick(rng: Rng, apartment: boolean): AddressChoice {
    const town = this.table.pick(rng);
    const central = town.central === true;
    let townName: string;
    let block: string;
    if (town.kind === 'residential') {
      const chome = town.chome ?? 0;
      townName = chome > 0 ? `${town.name}${chomeName(rng.int(1, chome))}丁目` : town.name;
      block = `${rng.int(1, 24)}番${rng.int(1, 28)}号`;
    } else {
      townName = town.kind === 'oaza' ? `大字${town.name}` : town.name;
      const lot = lotNumber(rng, town.maxLot ?? 1000);
      // About a third of rural lots are subdivided (枝番): "1234番地の5".
      block = rng.chance(0.3) ? `${lot}番地の${rng.int(1, 12)}` : `${lot}番地`;
    }
    const building =
      apartment && central ? `${rng.pick(this.spec.apartments)}${rng.int(1, 2)}0${rng.int(1, 6)}号室` : null;
    return {
      central,
      address: {
        postalCode: town.postalCode,
        prefecture: this.spec.prefecture,
        city: this.spec.addressCity,
        town: townName,
        block,
        building,
      },
    };
  }
}

// Low 地番 are denser (the old village core was numbered first), so skew toward small numbers.
function lotNumber(rng: Rng, max: number): number {
  const u = rng.next();
  return 1 + Math.floor(u * u * max);
}
