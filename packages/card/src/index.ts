// Browser-safe entry: no Node built-ins. Node-only parts live in '@madoguchi/card/node',
// the simulated card and test CA in '@madoguchi/card/sim'.
export * from './errors';
export * from './transport';
export { CardChannel, type CardChannelOptions } from './channel';
export { hex, fromHex } from './bytes';
export * from './apdu/command';
export * from './apdu/response';
export * from './apdu/status';
export * from './tlv/ber';
export * from './profiles/aids';
export * from './profiles/card-face';
export * from './profiles/digest-info';
export type { PinStatus } from './profiles/pin';
export * from './profiles/procedure';
export { TextAp } from './profiles/text-ap';
export { JpkiAp, type JpkiCardType, type JpkiKey } from './profiles/jpki-ap';
export * from './agent/protocol';
export * from './agent/client';
export { ApduPolicy, type ApduDecision } from './agent/policy';
