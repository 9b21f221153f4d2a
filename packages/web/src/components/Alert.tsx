import { useEffect, useRef, type ReactNode } from 'react';

export type AlertVariant = 'info' | 'success' | 'warning' | 'error';

const variantClasses: Record<AlertVariant, string> = {
  info: 'border-key-900 bg-key-50',
  success: 'border-green-800 bg-green-50',
  warning: 'border-yellow-900 bg-yellow-50',
  error: 'border-red-900 bg-red-50',
};

const variantIcons: Record<AlertVariant, string> = { info: 'ℹ', success: '✓', warning: '!', error: '⚠' };

const iconClasses: Record<AlertVariant, string> = {
  info: 'bg-key-900',
  success: 'bg-green-800',
  warning: 'bg-yellow-900',
  error: 'bg-red-900',
};

export interface AlertProps {
  variant: AlertVariant;
  title?: string;
  children?: ReactNode;
  /** Moves keyboard and screen-reader focus here when shown, e.g. for a form's error summary. */
  focusOnMount?: boolean;
  className?: string;
}

export function Alert({ variant, title, children, focusOnMount = false, className = '' }: AlertProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusOnMount) ref.current?.focus();
  }, [focusOnMount]);
  return (
    <div
      ref={ref}
      role={variant === 'error' ? 'alert' : 'status'}
      tabIndex={focusOnMount ? -1 : undefined}
      className={`flex gap-3 rounded-8 border-2 p-4 text-solid-gray-900 ${variantClasses[variant]} ${className}`}
    >
      <span
        aria-hidden="true"
        className={`mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full text-dns-14B-130 text-white ${iconClasses[variant]}`}
      >
        {variantIcons[variant]}
      </span>
      <div className="flex min-w-0 flex-col gap-1">
        {title ? <p className="text-std-17B-170">{title}</p> : null}
        {children ? <div className="text-std-16N-170">{children}</div> : null}
      </div>
    </div>
  );
}
