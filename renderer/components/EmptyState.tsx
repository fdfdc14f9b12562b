// What a pane shows instead of its list: nothing there yet (a heading and a sentence, maybe an
// action), or a list still being read (a spinner and what is read, announced as a status).

import type { ReactNode } from 'react';

export function EmptyState({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty">
      <div>
        <h2>{title}</h2>
        <p>{children}</p>
        {action}
      </div>
    </div>
  );
}

export function LoadingState({ children }: { children: ReactNode }) {
  return (
    <div className="empty" role="status">
      <p>
        <span className="spinner" aria-hidden="true" /> {children}
      </p>
    </div>
  );
}
