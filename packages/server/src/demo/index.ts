// Public surface of the demo-data generator (load.ts, the benchmark and tests import from here or
// from the modules directly).
export {
  DEFAULT_REFERENCE_DATE,
  DEFAULT_SEED,
  OBANAZAWA_POPULATION,
  OISHIDA_POPULATION,
  generateCity,
  generateDemoTenants,
  type DemoTenant,
} from './generate';
export { summarize, type CitySummary, type TownCount } from './summarize';
export {
  OBANAZAWA,
  OISHIDA,
  type DemoAddress,
  type DemoHousehold,
  type DemoMunicipality,
  type DemoResident,
  type GenerateOptions,
  type Sex,
} from './types';
