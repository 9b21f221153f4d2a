export { canonicalJson } from './canonical';
export { base64url, fromBase64url, sha256Hex, toHex } from './encoding';
export { uuidv7, UUID_V7 } from './uuidv7';
export {
  checkEvent, computeEventHash, DEVICE_AUTH_HEADER, deviceAuthBodyHash, deviceAuthHeader, deviceAuthInput, ECDSA_P256, EVENT_KIND, eventHashInput, GENESIS_HASH,
  importPublicKey, jwkThumbprint, parseDeviceAuthHeader, signEvent, signText, verifyText,
  type DeviceEvent, type EventCheck, type ParsedDeviceAuth, type PublicKeyJwk, type UnsignedDeviceEvent,
} from './event';
export { ACKNOWLEDGED, isAcknowledged, type AckStatus, type DeviceKind, type EnrolRequest, type EnrolResponse, type EventResult, type PushRequest, type PushResponse } from './protocol';
export type { OutboxCounts, OutboxHead, OutboxRecord, OutboxStore, RecordState, StoredIdentity } from './store';
export { createMemoryOutboxStore, type MemoryOutboxStore } from './memory-store';
export { openIndexedDbOutboxStore } from './indexeddb-store';
export { httpSyncTransport, SyncHttpError, type Authorizer, type HttpTransportOptions, type SyncTransport } from './transport';
export { DeviceOutbox, MAX_PAYLOAD_CHARS, MAX_REQUEST_BYTES, OutboxError, type DeviceOutboxOptions, type OutboxStatus, type SyncReport } from './outbox';
