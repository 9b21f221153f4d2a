import type { ButtonHTMLAttributes } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'tertiary' | 'danger';
export type ButtonSize = 'sm' | 'md';

const variantClasses: Record<ButtonVariant, string> = {
  primary:
    'border-2 border-key-900 bg-key-900 text-white hover:border-key-1000 hover:bg-key-1000 active:bg-key-1200 disabled:border-solid-gray-300 disabled:bg-solid-gray-300',
  secondary:
    'border-2 border-key-900 bg-white text-key-900 hover:bg-key-50 active:bg-key-100 disabled:border-solid-gray-300 disabled:text-solid-gray-600',
  tertiary: 'border-2 border-transparent bg-transparent text-key-900 underline underline-offset-4 hover:bg-key-50 disabled:text-solid-gray-600',
  danger:
    'border-2 border-red-900 bg-white text-red-900 hover:bg-red-50 active:bg-red-100 disabled:border-solid-gray-300 disabled:text-solid-gray-600',
};

// Every size is at least 44px high: the tablets are used by touch, often standing at a counter.
const sizeClasses: Record<ButtonSize, string> = {
  sm: 'min-h-11 px-4 text-std-16B-170',
  md: 'min-h-12 px-6 text-std-16B-170',
};

/** Classes for anything that should look like a button, including router links. */
export function buttonClasses(variant: ButtonVariant = 'primary', size: ButtonSize = 'md', extra = ''): string {
  return [
    'inline-flex items-center justify-center gap-2 rounded-8 text-center no-underline transition-colors disabled:cursor-not-allowed',
    variantClasses[variant],
    sizeClasses[size],
    extra,
  ].join(' ');
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** While true the button is disabled and shows `busyLabel`, so a second tap cannot resend. */
  busy?: boolean;
  busyLabel?: string;
}

export function Button({
  variant = 'primary',
  size = 'md',
  busy = false,
  busyLabel,
  className = '',
  type = 'button',
  disabled,
  children,
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type}
      className={buttonClasses(variant, size, className)}
      disabled={disabled === true || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy && busyLabel ? busyLabel : children}
    </button>
  );
}
