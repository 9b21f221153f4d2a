import type { DeviceEvent, PublicKeyJwk } from './event';

/** Device kinds: vehicle tablets (移動市役所) and taxi terminals (電子タクシー券). */
export type DeviceKind = 'vehicle' | 'taxi';

export interface EnrolRequest {
  code: string;
  publicKeyJwk: PublicKeyJwk;
  /** The device's clock at enrolment (for the skew report). */
  deviceTime?: string;
}

export interface EnrolResponse {
  municipalityId: string;
  deviceId: string;
  kind: DeviceKind;
  label: string;
  /** The next seq the server expects and the hash it chains from (a re-enrolled device continues the chain). */
  nextSeq: number;
  prevHash: string;
  serverTime: string;
}

export interface PushRequest {
  deviceId: string;
  /** The device's newest seq (so the server can tell a storage reset from a slow sync). */
  head: { seq: number; hash: string };
  /** The device's clock when sending (skew report). */
  sentAt: string;
  /**
   * Declared when the server expects a seq the device no longer has (storage cleared): the server
   * records a gap anomaly and continues from `toSeq + 1`; the lost range is never filled silently.
   */
  gap?: { fromSeq: number; toSeq: number } | undefined;
  events: DeviceEvent[];
}

/** Statuses meaning "stored by the server": the device may erase the payload. */
export const ACKNOWLEDGED = ['accepted', 'conflict', 'rejected', 'duplicate'] as const;
export type AckStatus = (typeof ACKNOWLEDGED)[number];

export type EventResult =
  | { opId: string; seq: number; status: 'accepted'; result: unknown }
  /** A business conflict: stored and listed for review by the owning module; never merged silently. */
  | { opId: string; seq: number; status: 'conflict'; reason: string; details: unknown }
  /** Stored, but the owning module refused its content (bad payload); listed for review. */
  | { opId: string; seq: number; status: 'rejected'; code: string; message: string }
  /** Already stored (same op id, seq and hash): the first outcome again. */
  | { opId: string; seq: number; status: 'duplicate'; original: 'accepted' | 'conflict' | 'rejected'; result: unknown }
  /** Not the next expected seq: resend from nextExpectedSeq, in order. */
  | { opId: string; seq: number; status: 'deferred'; nextExpectedSeq: number }
  /** Not stored (bad signature, broken chain, replayed op id, revoked device …): kept on the device. */
  | { opId: string; seq: number; status: 'refused'; code: string; message: string }
  /** A server fault while storing: not stored; retry later. */
  | { opId: string; seq: number; status: 'retry'; code: string; message: string };

export interface PushResponse {
  results: EventResult[];
  nextExpectedSeq: number;
  serverTime: string;
}

export const isAcknowledged = (r: EventResult): boolean => (ACKNOWLEDGED as readonly string[]).includes(r.status);
