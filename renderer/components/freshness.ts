// How old what is shown is: "Updated just now", "Updated 4 min ago", and a clock that makes those
// words move on while nothing else changes.

import { useEffect, useState } from 'react';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** "just now" (under a minute), "4 min ago", "2 h ago", else "on 3 Dec". */
export function timeAgo(at: number, now: number): string {
  const age = Math.max(0, now - at);
  if (age < MINUTE) return 'just now';
  if (age < HOUR) return `${Math.floor(age / MINUTE)} min ago`;
  if (age < 24 * HOUR) return `${Math.floor(age / HOUR)} h ago`;
  return `on ${new Date(at).toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}`;
}

/** "Updated just now", "Updated 4 min ago", "Updated 2 h ago", else "Updated 3 Dec". */
export function updatedAgo(at: number, now: number): string {
  return `Updated ${timeAgo(at, now).replace(/^on /, '')}`;
}

/** The time now, re-read every `everyMs` (30 s by default), for words such as "4 min ago". */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
    }, everyMs);
    return () => {
      clearInterval(timer);
    };
  }, [everyMs]);
  return now;
}
