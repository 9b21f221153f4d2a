import type { VisitStep } from '../../api/counter';
import { STEPS } from './labels';

/**
 * Where the visit is: the seven steps, the current one marked. Earlier steps can be revisited
 * (staff go back to fix an answer); later ones open only by going forward, through each step's checks.
 */
export function Stepper({ current, onSelect }: { current: VisitStep; onSelect: (step: VisitStep) => void }) {
  const currentIndex = STEPS.findIndex((s) => s.key === current);
  return (
    <nav aria-label="受付の手順">
      <ol className="flex flex-wrap gap-2">
        {STEPS.map((s, i) => {
          const isCurrent = s.key === current;
          const open = i < currentIndex && current !== 'done';
          const tone = isCurrent ? 'border-key-900 bg-key-900 text-white' : i < currentIndex ? 'border-key-900 bg-key-50 text-key-900' : 'border-solid-gray-300 bg-white text-solid-gray-700';
          const body = (
            <>
              <span className="text-dns-14B-130">{i + 1}</span>
              <span>{s.label}</span>
            </>
          );
          return (
            <li key={s.key}>
              {open && !isCurrent ? (
                <button type="button" className={`flex min-h-12 items-center gap-2 rounded-full border-2 px-4 text-std-16B-170 ${tone}`} onClick={() => onSelect(s.key)}>
                  {body}
                </button>
              ) : (
                <span aria-current={isCurrent ? 'step' : undefined} className={`flex min-h-12 items-center gap-2 rounded-full border-2 px-4 text-std-16B-170 ${tone}`}>
                  {body}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
