// A quiet note under a list: the server listed entries Sharedeck had to leave out, and why. The
// texts quote the server, so each is isolated (bdi): its direction cannot reorder the note.

import { capitalise } from '../../shared/format';
import type { SkippedEntry } from '../../shared/model';
import './notes.css';

export function SkippedNote({ skipped, what }: { skipped: readonly SkippedEntry[]; what: string }) {
  if (skipped.length === 0) return null;
  const count = skipped.length === 1 ? 'One entry' : `${skipped.length} entries`;
  return (
    <details className="skipped-note">
      <summary>
        {count} in {what} could not be shown.
      </summary>
      {/* It may scroll (many entries): focusable, so a keyboard can scroll it too. */}
      <ul tabIndex={0} aria-label="Entries left out">
        {skipped.map((s, i) => (
          <li key={`${i}:${s.what}`}>
            <bdi>{capitalise(s.what)}</bdi>: <bdi>{s.reason}</bdi>
          </li>
        ))}
      </ul>
    </details>
  );
}
