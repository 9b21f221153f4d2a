import { type SimulatedResident, createSimulatedIssuers, personaliseMyNumberCard } from './my-number-card';
import { SimulatedCardTransport } from './transport';

/** The fictitious resident on the demo card. PIN 1234, signing password MIHON2026. */
export const DEMO_RESIDENT: SimulatedResident = {
  familyName: '見本',
  givenName: '花子',
  address: '山形県尾花沢市若葉町一丁目２番３号',
  birthDate: '1958-02-28',
  sex: 'female',
  individualNumber: '123456789018',
  pin: '1234',
  signingPassword: 'MIHON2026',
};

/**
 * A card on a simulated reader, for the demo (`npm start`) and for trying the counter without
 * hardware. Runs in the browser too; key generation takes a moment, so call it once.
 */
export async function createDemoCardReader(resident: SimulatedResident = DEMO_RESIDENT): Promise<SimulatedCardTransport> {
  const { card } = await personaliseMyNumberCard(resident, await createSimulatedIssuers());
  return new SimulatedCardTransport(card);
}
