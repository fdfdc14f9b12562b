// Peak memory of one bytes → model parse, in a fresh process that does nothing else: it reads the
// multistatus from the file it is given (as DavHttp receives a body: bytes, decoded to text),
// parses it once, and prints one JSON line (ChildReport). The peak is the kernel's high-water mark
// for the whole process, so it includes Node itself and the document.
//
//   node --import tsx bench/parse-child.ts FILE

import { readFileSync } from 'node:fs';
import { modelOf } from './synthetic';

export interface ChildReport {
  /** RSS before reading and parsing the body (MB): Node with tsx and the engine loaded. */
  rssBeforeMb: number;
  /** The process's peak RSS (MB): process.resourceUsage().maxRSS. */
  peakRssMb: number;
  /** V8 heap in use right after the parse, the model alive, garbage not yet collected (MB). */
  heapUsedAfterMb: number;
  calendars: number;
  parseMs: number;
}

const MB = 1024 * 1024;

/** The body as DavHttp hands it on: decoded, the bytes no longer referenced. */
function readBody(file: string): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(readFileSync(file));
}

function main(file: string | undefined): void {
  if (!file) throw new Error('usage: parse-child.ts FILE');
  const rssBefore = process.memoryUsage.rss();
  const started = performance.now();
  const model = modelOf(readBody(file));
  const parseMs = performance.now() - started;
  const report: ChildReport = {
    rssBeforeMb: rssBefore / MB,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapUsedAfterMb: process.memoryUsage().heapUsed / MB,
    calendars: model.length,
    parseMs,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main(process.argv[2]);
