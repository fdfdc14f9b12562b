// The × that closes a message, a note or a result; its label says what goes.

export function DismissButton({ label, onDismiss }: { label: string; onDismiss: () => void }) {
  return (
    <button type="button" className="icon-btn" aria-label={label} onClick={onDismiss}>
      ×
    </button>
  );
}
