// The main window's size and position, remembered in <userData>/window-state.json and put back on
// a display that is still there. Pure Node (no 'electron' import): main.ts passes the displays'
// work areas.

import { windowStateFileSchema } from '../../shared/schemas';
import { damagedFileNotice, readJsonFile, writeJsonFile } from '../service/json-file';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Missing: let the system place the window (centred). */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1100, height: 720 } as const;
/** The smallest window the UI is laid out for. */
export const MIN_SIZE = { width: 900, height: 600 } as const;

/** How much of the window's top strip must be on a display for the position to be kept. */
const MIN_VISIBLE = { width: 120, height: 40 } as const;

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * A saved state made safe for the displays there are now: the size is clamped to the minimum and
 * to the largest work area; the position is kept only when the window's title strip is visible on
 * some display (otherwise the window is centred by the system). Anything unreadable gives the
 * defaults.
 */
export function restoreWindowState(saved: unknown, workAreas: readonly Rect[]): WindowState {
  const state: WindowState = { ...DEFAULT_SIZE, maximized: false };
  if (typeof saved !== 'object' || saved === null) return state;
  const s = saved as Record<string, unknown>;
  const largest = workAreas.reduce<{ width: number; height: number }>(
    (max, a) => ({ width: Math.max(max.width, a.width), height: Math.max(max.height, a.height) }),
    { width: 0, height: 0 },
  );
  const clampSize = (v: unknown, min: number, fallback: number, max: number): number => {
    const n = isFiniteNumber(v) ? Math.round(v) : fallback;
    const upper = max > 0 ? Math.max(min, max) : Number.POSITIVE_INFINITY;
    return Math.min(Math.max(n, min), upper);
  };
  state.width = clampSize(s.width, MIN_SIZE.width, DEFAULT_SIZE.width, largest.width);
  state.height = clampSize(s.height, MIN_SIZE.height, DEFAULT_SIZE.height, largest.height);
  state.maximized = s.maximized === true;
  if (isFiniteNumber(s.x) && isFiniteNumber(s.y)) {
    const x = Math.round(s.x);
    const y = Math.round(s.y);
    const titleStrip: Rect = { x, y, width: state.width, height: MIN_VISIBLE.height };
    const area = workAreas.find((a) => {
      const o = overlap(titleStrip, a);
      return o.width >= Math.min(MIN_VISIBLE.width, state.width) && o.height >= MIN_VISIBLE.height;
    });
    if (area) {
      // Keep it where it was, but pull it fully into that display when it fits.
      state.x = Math.min(Math.max(x, area.x), Math.max(area.x, area.x + area.width - state.width));
      state.y = Math.min(Math.max(y, area.y), Math.max(area.y, area.y + area.height - state.height));
    }
  }
  return state;
}

/** The saved state (or undefined), and a sentence to show once when the file was damaged. */
export async function readWindowState(path: string): Promise<{ saved: unknown; notice?: string }> {
  const read = await readJsonFile(path, windowStateFileSchema);
  if (read.state === 'ok') return { saved: read.value };
  if (read.state === 'missing') return { saved: undefined };
  return { saved: undefined, notice: damagedFileNotice('the saved window size and position', read, 'The window opens at its usual size.') };
}

export async function writeWindowState(path: string, state: WindowState): Promise<void> {
  await writeJsonFile(path, state);
}
