import {
  AgentCommandDeniedError,
  AgentRejectedError,
  AgentUnavailableError,
  CardError,
  type CardErrorCode,
  CardNotPresentError,
  CardProtocolError,
  CardRemovedError,
  CardTimeoutError,
  IndividualNumberNotPermittedError,
  NotMyNumberCardError,
  ReaderBusyError,
  ReaderNotFoundError,
  TransportClosedError,
} from '../errors';
import { fromHex, hex } from '../bytes';

/**
 * The card-agent's WebSocket protocol (browser ↔ local agent on 127.0.0.1). The browser sends
 * APDUs; the agent passes only the commands the My Number card profiles use, and the individual
 * number files only while the session is declared for a 個人番号利用事務 procedure the agent is
 * configured to allow.
 *
 * Handshake: Origin must be on the agent's allow-list; the pairing token travels as a WebSocket
 * subprotocol `pairing.<token>` next to AGENT_PROTOCOL (browsers cannot set other headers).
 */
export const AGENT_PROTOCOL = 'madoguchi-card.v1';
export const PAIRING_PREFIX = 'pairing.';
export const MAX_AGENT_MESSAGE_BYTES = 4096;

/** WebSocket close codes the agent uses (4000–4999 are for applications). */
export const AGENT_CLOSE = { busy: 4409, protocolError: 4400, shuttingDown: 4503 } as const;

export interface PurposeDeclaration {
  readonly procedureId: string;
  readonly individualNumberUse: boolean;
}

export type AgentRequest =
  | { readonly id: number; readonly type: 'transmit'; readonly apdu: string }
  | { readonly id: number; readonly type: 'purpose'; readonly procedure: PurposeDeclaration | null }
  | { readonly id: number; readonly type: 'status' };

export type AgentMessage =
  | { readonly id: number; readonly type: 'response'; readonly apdu: string }
  | { readonly id: number; readonly type: 'purpose'; readonly individualNumber: boolean }
  | { readonly id: number; readonly type: 'status'; readonly reader: string | null; readonly cardPresent: boolean }
  | { readonly id: number; readonly type: 'error'; readonly code: CardErrorCode }
  | { readonly type: 'card'; readonly event: 'inserted' | 'removed'; readonly atr?: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const HEX = /^(?:[0-9A-F]{2})*$/;

/** Validates an untrusted request; returns undefined for anything malformed. */
export function parseAgentRequest(text: string): AgentRequest | undefined {
  if (text.length > MAX_AGENT_MESSAGE_BYTES) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value) || typeof value.id !== 'number' || !Number.isSafeInteger(value.id) || value.id < 0) return undefined;
  const id = value.id;
  switch (value.type) {
    case 'transmit':
      if (typeof value.apdu !== 'string' || value.apdu.length < 8 || value.apdu.length > 2 * 261 || !HEX.test(value.apdu)) return undefined;
      return { id, type: 'transmit', apdu: value.apdu };
    case 'status':
      return { id, type: 'status' };
    case 'purpose': {
      const procedure = value.procedure;
      if (procedure === null) return { id, type: 'purpose', procedure: null };
      if (!isObject(procedure) || typeof procedure.procedureId !== 'string' || typeof procedure.individualNumberUse !== 'boolean') return undefined;
      if (procedure.procedureId.length === 0 || procedure.procedureId.length > 200) return undefined;
      return { id, type: 'purpose', procedure: { procedureId: procedure.procedureId, individualNumberUse: procedure.individualNumberUse } };
    }
    default:
      return undefined;
  }
}

/** Validates an untrusted message from the agent (the browser trusts nothing it did not check). */
export function parseAgentMessage(text: string): AgentMessage | undefined {
  if (text.length > MAX_AGENT_MESSAGE_BYTES) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  if (value.type === 'card') {
    if (value.event !== 'inserted' && value.event !== 'removed') return undefined;
    const atr = typeof value.atr === 'string' && HEX.test(value.atr) ? value.atr : undefined;
    return atr === undefined ? { type: 'card', event: value.event } : { type: 'card', event: value.event, atr };
  }
  if (typeof value.id !== 'number' || !Number.isSafeInteger(value.id)) return undefined;
  const id = value.id;
  switch (value.type) {
    case 'response':
      return typeof value.apdu === 'string' && value.apdu.length >= 4 && value.apdu.length <= 2 * 258 && HEX.test(value.apdu)
        ? { id, type: 'response', apdu: value.apdu }
        : undefined;
    case 'purpose':
      return typeof value.individualNumber === 'boolean' ? { id, type: 'purpose', individualNumber: value.individualNumber } : undefined;
    case 'status':
      return (value.reader === null || typeof value.reader === 'string') && typeof value.cardPresent === 'boolean'
        ? { id, type: 'status', reader: value.reader, cardPresent: value.cardPresent }
        : undefined;
    case 'error':
      return typeof value.code === 'string' && value.code in ERROR_BY_CODE ? { id, type: 'error', code: value.code as CardErrorCode } : undefined;
    default:
      return undefined;
  }
}

/**
 * Errors that cross the wire by code only: the message is rebuilt on this side, so an agent can
 * never put its own text (or card data) in front of the person.
 */
const ERROR_BY_CODE: Partial<Record<CardErrorCode, () => CardError>> = {
  CARD_REMOVED: () => new CardRemovedError(),
  CARD_NOT_PRESENT: () => new CardNotPresentError(),
  CARD_NOT_MY_NUMBER_CARD: () => new NotMyNumberCardError(),
  CARD_READER_NOT_FOUND: () => new ReaderNotFoundError(),
  CARD_READER_BUSY: () => new ReaderBusyError(),
  CARD_TIMEOUT: () => new CardTimeoutError(),
  CARD_PROTOCOL_ERROR: () => new CardProtocolError('reported by the agent'),
  CARD_TRANSPORT_CLOSED: () => new TransportClosedError(),
  CARD_INDIVIDUAL_NUMBER_NOT_PERMITTED: () => new IndividualNumberNotPermittedError(),
  AGENT_UNAVAILABLE: () => new AgentUnavailableError(),
  AGENT_REJECTED: () => new AgentRejectedError('reported by the agent'),
  AGENT_COMMAND_DENIED: () => new AgentCommandDeniedError(),
};

export function errorFromCode(code: CardErrorCode): CardError {
  return (ERROR_BY_CODE[code] ?? (() => new TransportClosedError()))();
}

export function encodeApdu(bytes: Uint8Array): string {
  return hex(bytes);
}

export function decodeApdu(text: string): Uint8Array {
  return fromHex(text);
}
