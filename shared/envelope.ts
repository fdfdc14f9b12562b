// What every call returns across a process or thread boundary: the value, or the error as a plain
// ErrorInfo. Error objects do not survive those boundaries intact (the context bridge and
// structured clone keep only some of their fields), so answers never travel as rejections.

import { isErrorInfo, plainErrorInfo, type ErrorInfo } from './errors';

export type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export function okEnvelope<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

/** An error envelope holding only the ErrorInfo fields of `error`. */
export function errorEnvelope(error: ErrorInfo): Envelope<never> {
  return { ok: false, error: plainErrorInfo(error) };
}

export function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  // JSON has no undefined: a call that returns nothing arrives as {"ok":true}.
  if (v.ok === true) return true;
  return v.ok === false && isErrorInfo(v.error);
}
