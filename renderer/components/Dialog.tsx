// A modal dialog: labelled, focus kept inside, Escape closes, focus returns where it came from.

import { useEffect, useId, useRef, type ReactNode } from 'react';
import { ActionButton } from './ActionButton';
import './dialog.css';

interface Props {
  /** Text, or text with server strings isolated (<bdi>); it names the dialog. */
  title: ReactNode;
  description?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  /** alertdialog for confirmations of destructive actions. */
  role?: 'dialog' | 'alertdialog';
}

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Dialog({ title, description, onClose, children, role = 'dialog' }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descId = useId();
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const node = ref.current;
    const first = node?.querySelector<HTMLElement>('[data-autofocus]') ?? node?.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
    const onKey = (e: KeyboardEvent) => {
      // Only the topmost dialog answers keys (a question may open above another dialog).
      const modals = document.querySelectorAll('[aria-modal="true"]');
      if (modals[modals.length - 1] !== node) return;
      if (e.key === 'Escape') {
        e.stopPropagation();
        close.current();
      } else if (e.key === 'Tab' && node) {
        const items = [...node.querySelectorAll<HTMLElement>(FOCUSABLE)];
        const [head] = items;
        const tail = items[items.length - 1];
        if (!head || !tail) return;
        if (e.shiftKey && document.activeElement === head) {
          e.preventDefault();
          tail.focus();
        } else if (!e.shiftKey && document.activeElement === tail) {
          e.preventDefault();
          head.focus();
        }
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      previous?.focus();
    };
  }, []);

  return (
    <div
      className="backdrop"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        className="dialog"
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descId : undefined}
        ref={ref}
      >
        <h2 id={titleId}>{title}</h2>
        {description && <p id={descId}>{description}</p>}
        {children}
      </div>
    </div>
  );
}

interface ConfirmProps {
  title: ReactNode;
  description: ReactNode;
  confirmLabel: string;
  /** 'danger' (the default) for what takes something away; 'primary' for a go-ahead. */
  tone?: 'danger' | 'primary';
  busy?: boolean;
  error?: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ title, description, confirmLabel, tone = 'danger', busy, error, onConfirm, onCancel }: ConfirmProps) {
  return (
    <Dialog title={title} description={description} onClose={onCancel} role="alertdialog">
      {error}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onCancel} data-autofocus>
          Cancel
        </button>
        <ActionButton className={tone === 'danger' ? 'btn btn-danger-solid' : 'btn btn-primary'} onClick={onConfirm} busy={busy ?? false}>
          {confirmLabel}
        </ActionButton>
      </div>
    </Dialog>
  );
}
