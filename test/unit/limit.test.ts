// The engine's bounds on work (electron/dav/limit.ts): how many requests are in flight at once,
// and how many items one call reads, the rest said.
import { describe, expect, it } from 'vitest';
import { firstOnly, mapLimited } from '../../electron/dav/limit';
import type { SkippedEntry } from '../../shared/model';

describe('bounds on work', () => {
  it('mapLimited keeps at most the limit in flight and the results in the items’ order', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapLimited([30, 5, 20, 1, 10, 2], 2, async (ms, i) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight--;
      return `${i}:${ms}`;
    });
    expect(most).toBe(2);
    expect(out).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10', '5:2']);
    expect(await mapLimited([], 4, () => Promise.resolve(1))).toEqual([]);
  });

  it('firstOnly takes the first items and says once how many more were left out, and why', () => {
    const skipped: SkippedEntry[] = [];
    const what = (more: number) => `${more} more`;
    expect(firstOnly([1, 2, 3], 3, skipped, what, 'a reason')).toEqual([1, 2, 3]);
    expect(skipped).toEqual([]);
    expect(firstOnly([1, 2, 3, 4, 5], 2, skipped, what, 'only 2 at a time.')).toEqual([1, 2]);
    expect(skipped).toEqual([{ what: '3 more', count: 3, reason: 'only 2 at a time.' }]);
  });
});
