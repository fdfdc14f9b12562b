// Progress and error of one user action, kept where the action is made.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { SharedeckError } from '../../shared/errors';
import { toSharedeckError } from '../api';

export interface Action<A extends unknown[], R> {
  run: (...args: A) => Promise<R | undefined>;
  busy: boolean;
  error: SharedeckError | undefined;
  clear: () => void;
}

export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>): Action<A, R> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SharedeckError>();
  const mounted = useRef(true);
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(async (...args: A) => {
    setBusy(true);
    setError(undefined);
    try {
      return await latest.current(...args);
    } catch (e) {
      if (mounted.current) setError(toSharedeckError(e));
      return undefined;
    } finally {
      if (mounted.current) setBusy(false);
    }
  }, []);
  const clear = useCallback(() => {
    setError(undefined);
  }, []);
  return { run, busy, error, clear };
}

/**
 * Clears an action's error once what it acted on has been read again after the error (a refresh,
 * opening it again, the periodic re-read): the server answered since, so the error no longer says
 * how things are (a server that was down is back). `readAt` is when it was last read.
 */
export function useErrorClearedByRead(action: Pick<Action<never, unknown>, 'error' | 'clear'>, readAt: number | undefined): void {
  const errorAt = useRef<number | undefined>(undefined);
  const { error, clear } = action;
  useEffect(() => {
    errorAt.current = error ? Date.now() : undefined;
  }, [error]);
  useEffect(() => {
    if (errorAt.current !== undefined && readAt !== undefined && readAt > errorAt.current) clear();
  }, [readAt, clear]);
}
