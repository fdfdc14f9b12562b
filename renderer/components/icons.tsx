// Small inline SVG icons (no icon font: the CSP allows only our own files).

import type { CollectionKind } from '../../shared/model';

export function KindIcon({ kind }: { kind: CollectionKind }) {
  const common = {
    className: 'kind-icon',
    viewBox: '0 0 20 20',
    fill: 'none',
    stroke: 'currentColor',
    strokeWidth: 1.6,
    'aria-hidden': true,
  } as const;
  if (kind === 'calendar') {
    return (
      <svg {...common}>
        <rect x="3" y="4.5" width="14" height="12.5" rx="2" />
        <path d="M3 8.5h14M7 2.5v4M13 2.5v4" />
      </svg>
    );
  }
  if (kind === 'addressbook') {
    return (
      <svg {...common}>
        <rect x="4" y="2.5" width="12" height="15" rx="2" />
        <circle cx="10" cy="8.5" r="2.2" />
        <path d="M6.8 14c.6-1.7 1.8-2.6 3.2-2.6s2.6.9 3.2 2.6" />
      </svg>
    );
  }
  return (
    <svg {...common}>
      <path d="M2.5 5.5a2 2 0 0 1 2-2h3.2l1.8 2h6a2 2 0 0 1 2 2v7a2 2 0 0 1-2 2h-11a2 2 0 0 1-2-2z" />
    </svg>
  );
}

/** Two people: a group sharee or directory entry (everyone in it gets the access). */
export function GroupIcon() {
  return (
    <svg className="group-icon" viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth={1.6} aria-hidden={true}>
      <circle cx="7.5" cy="7" r="2.6" />
      <path d="M2.8 16c.6-2.6 2.4-4 4.7-4s4.1 1.4 4.7 4" />
      <circle cx="14" cy="7.6" r="2.1" />
      <path d="M13.4 11.9c2 .1 3.5 1.4 4 3.7" />
    </svg>
  );
}
