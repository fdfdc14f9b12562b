// Windowing for long lists (the collections, the people, a person's grants, the collections to
// pick): only the rows in view, plus a few on each side, are rendered, whatever the length of the
// list. Rows carry their own top and height, sorted by top; the arithmetic is pure, the hook
// follows the scroll position and the viewport's height.

import { useCallback, useLayoutEffect, useRef, useState, type RefObject, type UIEvent } from 'react';

/** Rows rendered beyond each edge of the view, so a quick scroll does not show blank space. */
export const OVERSCAN = 6;

export interface PlacedRow {
  top: number;
  height: number;
}

/** Index of the first row whose bottom is below `y` (rows sorted by top). */
export function firstRowBelow(rows: readonly PlacedRow[], y: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const row = rows[mid]!;
    if (row.top + row.height <= y) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo);
}

/** The rows to render, [start, end), for a view `viewport` pixels high scrolled to `scrollTop`. */
export function rowWindow(rows: readonly PlacedRow[], scrollTop: number, viewport: number): { start: number; end: number } {
  const first = firstRowBelow(rows, scrollTop);
  let last = first;
  while (last < rows.length && rows[last]!.top < scrollTop + viewport) last++;
  return { start: Math.max(0, first - OVERSCAN), end: Math.min(rows.length, last + OVERSCAN) };
}

/**
 * The scroll position that brings `row` (and `above` pixels over it) into a view `clientHeight`
 * high, moving the least; undefined when it is in view already.
 */
export function revealedScrollTop(row: PlacedRow, above: number, scrollTop: number, clientHeight: number): number | undefined {
  if (row.top - above < scrollTop) return row.top - above;
  if (row.top + row.height > scrollTop + clientHeight) return row.top + row.height - clientHeight;
  return undefined;
}

/** How many options PageUp and PageDown move: a view's worth, less one so a row stays in sight. */
export function pageSize(viewport: number, rowHeight: number): number {
  return Math.max(1, Math.floor(viewport / rowHeight) - 1);
}

export interface WindowedRows {
  ref: RefObject<HTMLDivElement | null>;
  /** The rows to render: [start, end). */
  start: number;
  end: number;
  viewport: number;
  onScroll: (e: UIEvent<HTMLElement>) => void;
  /** Scrolls the least that brings the row at `index` (and `above` pixels over it) into view. */
  reveal: (index: number, above?: number) => void;
}

export function useWindowedRows(rows: readonly PlacedRow[]): WindowedRows {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);

  useLayoutEffect(() => {
    const node = ref.current;
    if (!node) return;
    const observer = new ResizeObserver(() => {
      setViewport(node.clientHeight);
    });
    observer.observe(node);
    setViewport(node.clientHeight);
    return () => {
      observer.disconnect();
    };
  }, []);

  const { start, end } = rowWindow(rows, scrollTop, viewport);

  const onScroll = useCallback((e: UIEvent<HTMLElement>) => {
    setScrollTop(e.currentTarget.scrollTop);
  }, []);

  const reveal = useCallback(
    (index: number, above = 0) => {
      const node = ref.current;
      const row = rows[index];
      if (!node || !row) return;
      const to = revealedScrollTop(row, above, node.scrollTop, node.clientHeight);
      if (to !== undefined) node.scrollTop = to;
    },
    [rows],
  );

  return { ref, start, end, viewport, onScroll, reveal };
}
