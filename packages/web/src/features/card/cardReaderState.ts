import type { CardFaceAttributes, PinStatus } from '@madoguchi/card';
import type { CardProblem } from './cardMessages';

/** The connection to the local card agent. */
export type AgentState =
  | { readonly status: 'idle' }
  | { readonly status: 'connecting' }
  | { readonly status: 'connected'; readonly readerName: string | null }
  | { readonly status: 'failed'; readonly problem: CardProblem };

/** The card on the reader, from "none" to its attributes on screen. */
export type CardState =
  | { readonly phase: 'absent' }
  /** Asking the card how many PIN tries are left (spends none). */
  | { readonly phase: 'checking' }
  | { readonly phase: 'pin'; readonly triesLeft: number; readonly verifying: boolean }
  | { readonly phase: 'reading' }
  | { readonly phase: 'read'; readonly attributes: CardFaceAttributes }
  | { readonly phase: 'locked' }
  /** Something other than a wrong PIN: not a My Number card, a broken read … */
  | { readonly phase: 'failed'; readonly problem: CardProblem }
  /** The attributes were taken off the screen while the card stayed on the reader. */
  | { readonly phase: 'cleared'; readonly reason: 'timeout' | 'done' };

export interface CardReaderState {
  readonly agent: AgentState;
  readonly card: CardState;
  /** The last thing that went wrong with this card (wrong PIN, removed mid-read), shown until the next step. */
  readonly notice: CardProblem | null;
}

export type CardReaderEvent =
  | { readonly type: 'connecting' }
  | { readonly type: 'connected'; readonly readerName: string | null }
  | { readonly type: 'connectionFailed'; readonly problem: CardProblem }
  | { readonly type: 'disconnected' }
  | { readonly type: 'cardInserted' }
  | { readonly type: 'cardRemoved'; readonly problem: CardProblem }
  | { readonly type: 'pinStatus'; readonly status: PinStatus }
  | { readonly type: 'verifyStarted' }
  | { readonly type: 'pinIncorrect'; readonly triesLeft: number; readonly problem: CardProblem }
  | { readonly type: 'pinLocked'; readonly problem: CardProblem }
  | { readonly type: 'verified' }
  | { readonly type: 'attributesRead'; readonly attributes: CardFaceAttributes }
  | { readonly type: 'cardFailed'; readonly problem: CardProblem }
  | { readonly type: 'clear'; readonly reason: 'timeout' | 'done' };

export const initialCardReaderState: CardReaderState = { agent: { status: 'idle' }, card: { phase: 'absent' }, notice: null };

const absent: CardState = { phase: 'absent' };

/** Phases in which the card was being talked to: losing it then is worth telling the person. */
const BUSY_PHASES: ReadonlySet<CardState['phase']> = new Set(['checking', 'reading']);

/**
 * Every change of what the screen shows about the agent and the card. Pure, so the rules are
 * tested without a reader: the attributes go whenever the card goes; a wrong PIN keeps the pad
 * with the new count; the lock is final for this card; nothing here ever sends a PIN again.
 */
export function cardReaderReducer(state: CardReaderState, event: CardReaderEvent): CardReaderState {
  switch (event.type) {
    case 'connecting':
      return { agent: { status: 'connecting' }, card: absent, notice: null };
    case 'connected':
      return { ...state, agent: { status: 'connected', readerName: event.readerName } };
    case 'connectionFailed':
      return { agent: { status: 'failed', problem: event.problem }, card: absent, notice: null };
    case 'disconnected':
      return { agent: { status: 'idle' }, card: absent, notice: null };
    case 'cardInserted':
      return { ...state, card: { phase: 'checking' }, notice: null };
    case 'cardRemoved': {
      if (state.card.phase === 'absent') return state;
      const midRead = BUSY_PHASES.has(state.card.phase) || (state.card.phase === 'pin' && state.card.verifying);
      return { ...state, card: absent, notice: midRead ? event.problem : null };
    }
    case 'pinStatus':
      if (state.card.phase !== 'checking') return state;
      if (event.status.state === 'locked') return { ...state, card: { phase: 'locked' } };
      if (event.status.state === 'verified') return { ...state, card: { phase: 'reading' } };
      return { ...state, card: { phase: 'pin', triesLeft: event.status.triesLeft, verifying: false } };
    case 'verifyStarted':
      if (state.card.phase !== 'pin' || state.card.verifying) return state;
      return { ...state, card: { ...state.card, verifying: true }, notice: null };
    case 'pinIncorrect':
      if (state.card.phase !== 'pin') return state;
      return { ...state, card: { phase: 'pin', triesLeft: event.triesLeft, verifying: false }, notice: event.problem };
    case 'pinLocked':
      if (state.card.phase !== 'pin' && state.card.phase !== 'checking') return state;
      return { ...state, card: { phase: 'locked' }, notice: event.problem };
    case 'verified':
      if (state.card.phase !== 'pin') return state;
      return { ...state, card: { phase: 'reading' }, notice: null };
    case 'attributesRead':
      if (state.card.phase !== 'reading') return state;
      return { ...state, card: { phase: 'read', attributes: event.attributes }, notice: null };
    case 'cardFailed':
      if (state.card.phase === 'absent') return state;
      return { ...state, card: { phase: 'failed', problem: event.problem }, notice: null };
    case 'clear':
      if (state.card.phase !== 'read') return state;
      return { ...state, card: { phase: 'cleared', reason: event.reason }, notice: null };
  }
}
