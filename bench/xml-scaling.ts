// Part B, continued: how parseXml's time grows with hostile documents (each shape at 1, 2, 4 and
// 8 MB: at most ~2.5× per doubling, i.e. no worse than n log n), and how long a real Cyrus
// listing takes (bench/data/cyrus-listing.xml, recorded by record-listing.ts).
//
// The shapes (test/support/xml-shapes.ts, which the hostile-server tests send too) are those
// that made the parser we had before quadratic, as a server would send them and at the parser's
// bounds, plus deep nesting, very long names and many responses. Time is the process's CPU time (user +
// system) of one parse, the fastest of five: other work on the machine only ever adds to it.

import { readFileSync } from 'node:fs';
import { SharedeckError } from '../shared/errors';
import { parseMultistatus } from '../electron/dav/multistatus';
import { parseXml } from '../electron/dav/xml';
import { SHAPES } from '../test/support/xml-shapes';
import { LISTING_PATH } from './recording';
import { median } from './stats';

const MB = 1024 * 1024;
export const SCALING_SIZES_MB = [1, 2, 4, 8] as const;
/** Below this a parse is too short for its growth to mean anything; it counts as this long. */
const FLOOR_MS = 2;

export interface ShapeResult {
  shape: string;
  /** The fastest CPU ms at each size of SCALING_SIZES_MB. */
  ms: number[];
  /** How the parse ended at each size. */
  outcomes: ('parsed' | 'refused')[];
  /** The largest time ratio between one size and the one before (times floored at FLOOR_MS). */
  worstGrowth: number;
}

export interface ScalingResult {
  shapes: ShapeResult[];
  listing: { bytes: number; responses: number; ms: number[]; medianMs: number };
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function parseOnce(text: string): { ms: number; outcome: 'parsed' | 'refused' } {
  const start = cpuMs();
  let outcome: 'parsed' | 'refused' = 'parsed';
  try {
    parseXml(text);
  } catch (e) {
    if (!(e instanceof SharedeckError) || e.code !== 'malformed') throw e;
    outcome = 'refused';
  }
  return { ms: cpuMs() - start, outcome };
}

export function benchScaling({ runs = 5 } = {}): ScalingResult {
  const shapes: ShapeResult[] = [];
  for (const [shape, make] of Object.entries(SHAPES)) {
    const ms: number[] = [];
    const outcomes: ('parsed' | 'refused')[] = [];
    for (const size of SCALING_SIZES_MB) {
      const text = make(size * MB);
      const times: number[] = [];
      let outcome: 'parsed' | 'refused' = 'parsed';
      for (let i = 0; i < runs; i++) ({ ms: times[i], outcome } = parseOnce(text));
      ms.push(Math.min(...times));
      outcomes.push(outcome);
    }
    let worstGrowth = 0;
    for (let i = 1; i < ms.length; i++) worstGrowth = Math.max(worstGrowth, Math.max(ms[i]!, FLOOR_MS) / Math.max(ms[i - 1]!, FLOOR_MS));
    shapes.push({ shape, ms, outcomes, worstGrowth });
  }

  const body = new TextDecoder().decode(readFileSync(LISTING_PATH));
  let responses = 0;
  for (let i = 0; i < 5; i++) responses = parseMultistatus(body, 'http://127.0.0.1/dav/calendars/user/frank/').length;
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const start = cpuMs();
    parseMultistatus(body, 'http://127.0.0.1/dav/calendars/user/frank/');
    times.push(cpuMs() - start);
  }
  return { shapes, listing: { bytes: Buffer.byteLength(body), responses, ms: times, medianMs: median(times) } };
}
