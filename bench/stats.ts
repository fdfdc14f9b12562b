// Small helpers for the benchmark: timing, medians, bounded concurrency, progress lines.

import { performance } from 'node:perf_hooks';

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The p-th percentile (0 < p <= 100) by the nearest-rank method: a value that was measured. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
}

/** Milliseconds taken by one call. */
export async function timed(fn: () => unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/**
 * Warms both up, then runs them alternately (swapping which goes first each round, so neither
 * always follows the other's garbage), and returns each one's times.
 */
export async function alternate(a: () => unknown, b: () => unknown, warmup: number, runs: number): Promise<{ a: number[]; b: number[] }> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const times = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      times.a.push(await timed(a));
      times.b.push(await timed(b));
    } else {
      times.b.push(await timed(b));
      times.a.push(await timed(a));
    }
  }
  return times;
}

/** Runs `task` over `items` with at most `limit` in flight; rejects with the first failure. */
export async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

export const round = (n: number, digits = 1): number => Number(n.toFixed(digits));
