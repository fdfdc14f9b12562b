// Part B, continued: how parseXml's time grows with hostile documents (each shape at 1, 2, 4 and
// 8 MB: at most ~2.5× per doubling, i.e. no worse than n log n), and how long a real Cyrus
// listing takes (bench/data/cyrus-listing.xml, recorded by record-listing.ts).
//
// The shapes are the ones that made the parser we had before quadratic, as a server would send
// them (one tag or one root carrying everything, which the parser refuses once past its bounds)
// and at those bounds (as much as the parser accepts, repeated until the size is reached), plus
// deep nesting, very long names and many responses. Time is the process's CPU time (user +
// system) of one parse, the fastest of five: other work on the machine only ever adds to it.

import { readFileSync } from 'node:fs';
import { SharedeckError } from '../shared/errors';
import { parseMultistatus } from '../electron/dav/multistatus';
import { parseXml } from '../electron/dav/xml';
import { LISTING_PATH } from './recording';
import { median } from './stats';

const MB = 1024 * 1024;
export const SCALING_SIZES_MB = [1, 2, 4, 8] as const;
/** Below this a parse is too short for its growth to mean anything; it counts as this long. */
const FLOOR_MS = 2;

/** Repeats `unit(i)` between head and tail until the document is `size` characters long. */
function fill(head: string, unit: (i: number) => string, tail: string, size: number): string {
  const parts: string[] = [head];
  let length = head.length + tail.length;
  for (let i = 0; length < size; i++) {
    const u = unit(i);
    parts.push(u);
    length += u.length;
  }
  parts.push(tail);
  return parts.join('');
}

const range = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join('');
const ROOT_BINDINGS = range(1000, (i) => ` xmlns:p${i}="urn:ns:${i}"`);

/** As many root declarations as fill half of `size`. */
function halfOfBindings(size: number): string {
  return fill('', (i) => ` xmlns:p${i}="urn:ns:${i}"`, '', size / 2);
}

export const SHAPES: Record<string, (size: number) => string> = {
  'prefixed attributes, one tag, as sent': (size) => fill('<r xmlns:p="urn:p"', (i) => ` p:a${i}=""`, '/>', size),
  'prefixed attributes, 1,000 a tag': (size) =>
    fill(`<r${range(10, (k) => ` xmlns:p${k}="urn:${k}"`)}>`, () => `<e${range(1000, (i) => ` p${i % 10}:a${i}=""`)}/>`, '</r>', size),
  'xmlns declarations, one tag, as sent': (size) => fill('<r', (i) => ` xmlns:p${i}="urn:${i}"`, '/>', size),
  'xmlns declarations, 1,000 a tag': (size) => fill('<r>', () => `<e${ROOT_BINDINGS}/>`, '</r>', size),
  'root bindings × declaring children, as sent': (size) =>
    fill(`<r${halfOfBindings(size)}>`, (i) => `<c xmlns:q="urn:q${i}"><q:d/></c>`, '</r>', size),
  'root bindings × declaring children, 1,000': (size) =>
    fill(`<r${ROOT_BINDINGS}>`, (i) => `<c xmlns:q="urn:q${i}"><q:d/></c>`, '</r>', size),
  'root bindings × distinct names, as sent': (size) => {
    const bindings = halfOfBindings(size);
    const count = (bindings.match(/xmlns:/g) ?? []).length;
    return fill(`<r${bindings}>`, (i) => `<p${i % count}:n${i}/>`, '</r>', size);
  },
  'root bindings × distinct names, 1,000': (size) => fill(`<r${ROOT_BINDINGS}>`, (i) => `<p${i % 1000}:n${i}/>`, '</r>', size),
  'deep nesting, as sent': (size) => {
    const n = Math.floor(size / 7);
    return '<a>'.repeat(n) + '</a>'.repeat(n);
  },
  'nesting 64 deep, repeated': (size) => fill('<r>', () => '<a>'.repeat(63) + '</a>'.repeat(63), '</r>', size),
  'one very long name': (size) => {
    const name = 'n'.repeat(Math.floor(size / 2) - 3);
    return `<${name}></${name}>`;
  },
  'many responses (10^5 at 8 MB)': (size) =>
    fill(
      '<D:multistatus xmlns:D="DAV:">',
      (i) => `<D:response><D:href>/c/${String(i).padStart(6, '0')}/</D:href><D:status>200</D:status></D:response>`,
      '</D:multistatus>',
      size,
    ),
};

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
