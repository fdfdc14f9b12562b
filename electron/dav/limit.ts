// Bounds on work: a fixed small number of requests in flight, whatever the number of items; and
// at most so many items read at a time, the rest said.

import type { SkippedEntry } from '../../shared/model';

/** Runs `fn` over `items` with at most `limit` at a time; the results keep the items' order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * The first `max` of `items`. When there are more, one entry in `skipped` says how many were left
 * out (`what` names them by their number) and why.
 */
export function firstOnly<T>(
  items: readonly T[],
  max: number,
  skipped: SkippedEntry[],
  what: (more: number) => string,
  reason: string,
): T[] {
  const more = items.length - max;
  if (more > 0) skipped.push({ what: what(more), count: more, reason });
  return items.slice(0, max);
}
