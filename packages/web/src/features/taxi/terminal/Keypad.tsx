/**
 * The big numeric keypad: 3 × 4 keys at least 80 px, digits in 40 px, for a driver's finger. Keys
 * are real buttons (screen readers, a hardware keyboard); the value is shown by the page.
 */
export function Keypad({ onDigit, onClear, onBack, label }: { onDigit: (d: string) => void; onClear: () => void; onBack: () => void; label: string }) {
  const key = 'min-h-20 rounded-16 border-4 border-solid-gray-800 bg-white text-[40px] font-bold text-solid-gray-900 active:bg-solid-gray-100 focus-visible:outline-4 focus-visible:outline-yellow-700';
  return (
    <div role="group" aria-label={label} className="grid grid-cols-3 gap-3">
      {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => (
        <button key={d} type="button" className={key} onClick={() => onDigit(d)}>{d}</button>
      ))}
      <button type="button" className={`${key} text-[28px]`} onClick={onClear}>消去</button>
      <button type="button" className={key} onClick={() => onDigit('0')}>0</button>
      <button type="button" className={`${key} text-[28px]`} onClick={onBack} aria-label="1文字消す">←</button>
    </div>
  );
}
