// A button that runs an action and shows that it is running. While busy it refuses clicks but
// stays enabled for focus (aria-disabled): a disabled button drops the keyboard focus onto the
// page's body, and the person would have to find their place again when the action ends.

import type { ButtonHTMLAttributes } from 'react';

interface Props extends ButtonHTMLAttributes<HTMLButtonElement> {
  busy?: boolean;
}

export function ActionButton({ busy = false, onClick, children, type = 'button', ...rest }: Props) {
  const off = busy || rest['aria-disabled'] === true;
  return (
    <button
      type={type}
      {...rest}
      aria-disabled={off || undefined}
      onClick={(e) => {
        if (off) {
          e.preventDefault();
          return;
        }
        onClick?.(e);
      }}
    >
      {busy && <span className="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}
