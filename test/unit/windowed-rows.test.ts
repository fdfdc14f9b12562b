// The arithmetic the long lists share (renderer/components/useWindowedRows.ts, listbox-keys.ts):
// which rows are rendered for a scroll position, where the view scrolls to reveal a row, how far
// PageUp/PageDown go, and where each key moves a listbox's selection.

import { describe, expect, it } from 'vitest';
import { listboxKeyTarget } from '../../renderer/components/listbox-keys';
import { OVERSCAN, firstRowBelow, pageSize, revealedScrollTop, rowWindow } from '../../renderer/components/useWindowedRows';

/** A group heading (34 px) then `n` rows of 52 px, as the collection and People lists place them. */
function placed(n: number): { top: number; height: number }[] {
  const rows = [{ top: 0, height: 34 }];
  for (let i = 0; i < n; i++) rows.push({ top: 34 + i * 52, height: 52 });
  return rows;
}

describe('the rows a window renders', () => {
  const rows = placed(1000);

  it('at the top: the rows in view and OVERSCAN more below', () => {
    // 600 px from 0 reach the row at 554 (index 11); the next one starts at 606.
    expect(rowWindow(rows, 0, 600)).toEqual({ start: 0, end: 12 + OVERSCAN });
  });

  it('scrolled: OVERSCAN rows above the first one in view, and below the last', () => {
    // At 5,000 px the row at 4,974 (index 96) is partly in view; at 5,600 the row at 5,598 (index 108) is the last.
    expect(firstRowBelow(rows, 5000)).toBe(96);
    expect(rowWindow(rows, 5000, 600)).toEqual({ start: 96 - OVERSCAN, end: 109 + OVERSCAN });
  });

  it('a row that ends exactly at the top of the view is not in it', () => {
    expect(firstRowBelow(rows, 34 + 52)).toBe(2);
    expect(firstRowBelow(rows, 34 + 52 - 1)).toBe(1);
  });

  it('at the bottom, and beyond it, the window ends with the list', () => {
    const bottom = 34 + 1000 * 52;
    expect(rowWindow(rows, bottom - 600, 600)).toEqual({ start: firstRowBelow(rows, bottom - 600) - OVERSCAN, end: 1001 });
    expect(rowWindow(rows, bottom + 100, 600)).toEqual({ start: 1000 - OVERSCAN, end: 1001 });
  });

  it('a view with no height yet still renders OVERSCAN rows; an empty list renders none', () => {
    expect(rowWindow(rows, 0, 0)).toEqual({ start: 0, end: OVERSCAN });
    expect(rowWindow([], 0, 600)).toEqual({ start: 0, end: 0 });
    expect(firstRowBelow([], 100)).toBe(0);
  });

  it('the window does not grow with the list', () => {
    const { start, end } = rowWindow(placed(100_000), 2_000_000, 800);
    expect(end - start).toBeLessThanOrEqual(Math.ceil(800 / 52) + 1 + 2 * OVERSCAN);
  });
});

describe('revealing a row', () => {
  const row = { top: 1000, height: 52 };

  it('scrolls up to the row, with what is above it (its group heading)', () => {
    expect(revealedScrollTop(row, 0, 1200, 600)).toBe(1000);
    expect(revealedScrollTop(row, 34, 1200, 600)).toBe(966);
    expect(revealedScrollTop(row, 34, 990, 600)).toBe(966);
  });

  it('scrolls down the least that shows the whole row', () => {
    expect(revealedScrollTop(row, 0, 0, 600)).toBe(1052 - 600);
    expect(revealedScrollTop(row, 0, 1052 - 600 - 1, 600)).toBe(1052 - 600);
  });

  it('leaves the view where it is when the row is in it', () => {
    expect(revealedScrollTop(row, 0, 1000, 600)).toBeUndefined();
    expect(revealedScrollTop(row, 0, 1052 - 600, 600)).toBeUndefined();
    expect(revealedScrollTop(row, 34, 966, 600)).toBeUndefined();
  });
});

describe('the keys of a listbox', () => {
  it('a page is a view of rows less one, at least one', () => {
    expect(pageSize(600, 52)).toBe(10);
    expect(pageSize(52, 52)).toBe(1);
    expect(pageSize(0, 52)).toBe(1);
  });

  it('arrows, Home/End and PageUp/PageDown move inside the list', () => {
    expect(listboxKeyTarget('ArrowDown', 3, 10, 4)).toBe(4);
    expect(listboxKeyTarget('ArrowDown', 9, 10, 4)).toBe(9);
    expect(listboxKeyTarget('ArrowUp', 3, 10, 4)).toBe(2);
    expect(listboxKeyTarget('ArrowUp', 0, 10, 4)).toBe(0);
    expect(listboxKeyTarget('Home', 7, 10, 4)).toBe(0);
    expect(listboxKeyTarget('End', 2, 10, 4)).toBe(9);
    expect(listboxKeyTarget('PageDown', 3, 10, 4)).toBe(7);
    expect(listboxKeyTarget('PageDown', 8, 10, 4)).toBe(9);
    expect(listboxKeyTarget('PageUp', 5, 10, 4)).toBe(1);
    expect(listboxKeyTarget('PageUp', 2, 10, 4)).toBe(0);
  });

  it('with nothing selected, ArrowDown goes to the first option and ArrowUp to the last', () => {
    expect(listboxKeyTarget('ArrowDown', -1, 10, 4)).toBe(0);
    expect(listboxKeyTarget('ArrowUp', -1, 10, 4)).toBe(9);
  });

  it('other keys, and inherited names, are not the listbox’s', () => {
    expect(listboxKeyTarget('Enter', 3, 10, 4)).toBeUndefined();
    expect(listboxKeyTarget('a', 3, 10, 4)).toBeUndefined();
    expect(listboxKeyTarget('toString', 3, 10, 4)).toBeUndefined();
  });
});
