// Where the keyboard focus goes when what had it is gone (a revoked row, a left share, a removed
// account, an answered invitation): somewhere that continues the work, never the page's body.

import { useEffect, useRef } from 'react';
import { useStore } from '../store';
import type { FocusTarget } from '../store/ui';

/** Focuses the first candidate that is in the page; true when one took the focus. */
export function focusFirst(...candidates: (HTMLElement | null | undefined)[]): boolean {
  for (const c of candidates) {
    if (c?.isConnected) {
      c.focus();
      if (document.activeElement === c) return true;
    }
  }
  return false;
}

/**
 * Runs `focus` whenever a new request for `target` comes (store: requestFocus), after the render
 * that answers it and after a closing dialog has given the focus back where it came from.
 */
export function useFocusRequest(target: FocusTarget, focus: () => void): void {
  const request = useStore((s) => (s.focusRequest?.target === target ? s.focusRequest.seq : undefined));
  const latest = useRef(focus);
  latest.current = focus;
  const handled = useRef(request);
  useEffect(() => {
    if (request === undefined || request === handled.current) return;
    handled.current = request;
    const frame = requestAnimationFrame(() => {
      latest.current();
    });
    return () => {
      cancelAnimationFrame(frame);
    };
  }, [request]);
}
