import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button } from '../../components/Button';

export interface ConfirmPanelProps {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  busy: boolean;
  tone?: 'primary' | 'danger';
  onConfirm: () => void;
  onCancel: () => void;
}

/** An inline confirmation that takes focus, as on the staff screens; nothing happens until "confirm". */
export function ConfirmPanel({ title, children, confirmLabel, busyLabel, busy, tone = 'primary', onConfirm, onCancel }: ConfirmPanelProps) {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alertdialog"
      aria-labelledby={titleId}
      className={`flex flex-col gap-3 rounded-8 border-2 p-4 ${tone === 'danger' ? 'border-red-900 bg-red-50' : 'border-key-900 bg-key-50'}`}
    >
      <p id={titleId} className="text-std-17B-170">
        {title}
      </p>
      {children ? <div className="text-std-16N-170">{children}</div> : null}
      <div className="flex flex-wrap gap-3">
        <Button variant={tone === 'danger' ? 'danger' : 'primary'} busy={busy} busyLabel={busyLabel} onClick={onConfirm}>
          {confirmLabel}
        </Button>
        <Button variant="tertiary" onClick={onCancel} disabled={busy}>
          やめる
        </Button>
      </div>
    </div>
  );
}
