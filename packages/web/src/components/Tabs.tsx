import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem<K extends string> {
  key: K;
  label: string;
  panel: ReactNode;
}

export interface TabsProps<K extends string> {
  label: string;
  items: TabItem<K>[];
  selected: K;
  onSelect: (key: K) => void;
}

/**
 * WAI-ARIA tabs: one tab stop, arrow keys move between tabs. Only the selected panel is rendered,
 * so a heavy panel (a PDF) loads when it is chosen.
 */
export function Tabs<K extends string>({ label, items, selected, onSelect }: TabsProps<K>) {
  const baseId = useId();
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const move = (event: KeyboardEvent, index: number) => {
    const offset = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const target = event.key === 'Home' ? 0 : event.key === 'End' ? items.length - 1 : offset === 0 ? null : (index + offset + items.length) % items.length;
    if (target === null) return;
    event.preventDefault();
    const key = items[target]!.key;
    onSelect(key);
    refs.current.get(key)?.focus();
  };
  const current = items.find((item) => item.key === selected) ?? items[0];
  return (
    <div className="flex flex-col gap-4">
      <div role="tablist" aria-label={label} className="flex flex-wrap gap-1 border-b-2 border-solid-gray-200">
        {items.map((item, index) => {
          const active = item.key === current?.key;
          return (
            <button
              key={item.key}
              ref={(element) => {
                if (element) refs.current.set(item.key, element);
                else refs.current.delete(item.key);
              }}
              type="button"
              role="tab"
              id={`${baseId}-tab-${item.key}`}
              aria-selected={active}
              aria-controls={`${baseId}-panel-${item.key}`}
              tabIndex={active ? 0 : -1}
              onClick={() => onSelect(item.key)}
              onKeyDown={(event) => move(event, index)}
              className={`-mb-0.5 min-h-12 border-b-4 px-4 text-std-16B-170 ${
                active ? 'border-key-900 text-key-900' : 'border-transparent text-solid-gray-800 hover:bg-key-50 hover:text-key-900'
              }`}
            >
              {item.label}
            </button>
          );
        })}
      </div>
      {current ? (
        <div role="tabpanel" id={`${baseId}-panel-${current.key}`} aria-labelledby={`${baseId}-tab-${current.key}`}>
          {current.panel}
        </div>
      ) : null}
    </div>
  );
}
