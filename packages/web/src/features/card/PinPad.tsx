import { useEffect, useId, useMemo, useRef, useState } from 'react';

const PIN_LENGTH = 4;
const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

const keyClasses =
  'flex min-h-20 items-center justify-center rounded-12 border-2 text-std-28B-150 transition-colors disabled:cursor-not-allowed disabled:opacity-50';
const digitKey = `${keyClasses} border-solid-gray-420 bg-white text-solid-gray-900 hover:bg-solid-gray-50 active:bg-solid-gray-100`;

export interface PinPadProps {
  /** The prompt above the pad, with the tries left (「暗証番号（4桁）を入力してください。残り3回」). */
  prompt: string;
  /** True while the card checks the PIN: the pad is locked so one press is one try. */
  verifying: boolean;
  onSubmit: (pin: string) => void;
}

/**
 * A large 4-digit pad the resident uses on the tablet. Digits are never shown, only dots; the
 * typed PIN lives in this component until 「確定」 and is dropped the moment it is handed over;
 * one press of 「確定」 is one VERIFY.
 * A physical keyboard works too (digits, Backspace, Enter), except while typing in a form field.
 */
export function PinPad({ prompt, verifying, onSubmit }: PinPadProps) {
  // The digits live in a ref, not in React state: only their count is rendered, and a key pressed
  // right after another sees the up-to-date PIN without waiting for a re-render.
  const pinRef = useRef('');
  const [length, setLength] = useState(0);
  const latest = useRef({ verifying, onSubmit });
  latest.current = { verifying, onSubmit };
  const promptId = useId();
  const complete = length === PIN_LENGTH;

  const actions = useMemo(() => {
    const set = (pin: string) => {
      pinRef.current = pin;
      setLength(pin.length);
    };
    return {
      press: (digit: string) => {
        if (!latest.current.verifying && pinRef.current.length < PIN_LENGTH) set(pinRef.current + digit);
      },
      erase: () => {
        if (!latest.current.verifying) set(pinRef.current.slice(0, -1));
      },
      submit: () => {
        const entered = pinRef.current;
        if (entered.length !== PIN_LENGTH || latest.current.verifying) return;
        set('');
        latest.current.onSubmit(entered);
      },
    };
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT')) return;
      if (/^[0-9]$/.test(event.key)) actions.press(event.key);
      else if (event.key === 'Backspace') actions.erase();
      else if (event.key === 'Enter') actions.submit();
      else return;
      // Enter on a focused pad button would otherwise also "click" it.
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);

  // Whatever was typed goes when the pad goes (card removed, screen left).
  useEffect(() => () => {
    pinRef.current = '';
  }, []);

  return (
    <div role="group" aria-labelledby={promptId} className="flex flex-col items-center gap-6">
      <p id={promptId} className="text-center text-std-24B-150 text-solid-gray-900">
        {prompt}
      </p>
      <div className="flex gap-4" aria-hidden="true">
        {Array.from({ length: PIN_LENGTH }, (_, i) => (
          <span
            key={i}
            className={`flex size-16 items-center justify-center rounded-8 border-2 text-std-32B-150 ${
              i < length ? 'border-key-900 bg-key-50 text-key-900' : 'border-solid-gray-420 bg-white'
            }`}
          >
            {i < length ? '●' : ''}
          </span>
        ))}
      </div>
      <p className="sr-only" aria-live="polite">
        {`${length}桁入力しました`}
      </p>
      <div className="grid w-full max-w-sm grid-cols-3 gap-3">
        {DIGITS.map((digit) => (
          <button key={digit} type="button" className={digitKey} disabled={verifying || complete} onClick={() => actions.press(digit)}>
            {digit}
          </button>
        ))}
        <button
          type="button"
          className={`${keyClasses} border-solid-gray-420 bg-solid-gray-50 text-std-20B-150 text-solid-gray-900 hover:bg-solid-gray-100`}
          disabled={verifying || length === 0}
          onClick={actions.erase}
        >
          1字消す
        </button>
        <button type="button" className={digitKey} disabled={verifying || complete} onClick={() => actions.press('0')}>
          0
        </button>
        <button
          type="button"
          className={`${keyClasses} border-key-900 bg-key-900 text-std-20B-150 text-white hover:bg-key-1000`}
          disabled={verifying || !complete}
          aria-busy={verifying || undefined}
          onClick={actions.submit}
        >
          {verifying ? '確認中…' : '確定'}
        </button>
      </div>
    </div>
  );
}
