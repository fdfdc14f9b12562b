// Windowing for the People view's long lists (people, a person's grants, the collections to pick):
// only the rows in view, plus a few on each side, are rendered, whatever the length of the list,
// as the collection list does. Rows carry their own top and height.

import { useCallback, useLayoutEffect, useRef, useState, type RefObject, type UIEvent } from 'react';
import { firstRowBelow } from './person-rows';

const OVERSCAN = 6;

export interface Windowed {
  ref: RefObject<HTMLDivElement | null>;
  /** The rows to render: [start, end). */
  start: number;
  end: number;
  viewport: number;
  onScroll: (e: UIEvent<HTMLElement>) => void;
  /** Scrolls the least that brings the row at `index` (and `above` pixels over it) into view. */
  reveal: (index: number, above?: number) => void;
}

export function useWindowed(rows: readonly { top: number; height: number }[]): Windowed {
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

  const first = firstRowBelow(rows, scrollTop);
  let last = first;
  while (last < rows.length && rows[last]!.top < scrollTop + viewport) last++;
  const start = Math.max(0, first - OVERSCAN);
  const end = Math.min(rows.length, last + OVERSCAN);

  const onScroll = useCallback((e: UIEvent<HTMLElement>) => {
    setScrollTop(e.currentTarget.scrollTop);
  }, []);

  const reveal = useCallback(
    (index: number, above = 0) => {
      const node = ref.current;
      const row = rows[index];
      if (!node || !row) return;
      if (row.top - above < node.scrollTop) node.scrollTop = row.top - above;
      else if (row.top + row.height > node.scrollTop + node.clientHeight) node.scrollTop = row.top + row.height - node.clientHeight;
    },
    [rows],
  );

  return { ref, start, end, viewport, onScroll, reveal };
}
