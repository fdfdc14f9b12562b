// Part B: bytes → model for a 20 MB multistatus, against fast-xml-parser's own parse of the same
// text; and the peak RSS of one model parse in a fresh process (parse-child.ts).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { modelOf, syntheticMultistatus, SYNTHETIC_CALENDARS } from './synthetic';
import { alternate, median } from './stats';
import type { ChildReport } from './parse-child';
import type { Collection } from '../shared/model';

export interface ParsingResult {
  bytes: number;
  calendars: number;
  modelMs: number[];
  fxpMs: number[];
  modelMedianMs: number;
  fxpMedianMs: number;
  ratio: number;
  memory: ChildReport;
}

export async function benchParsing({ warmup = 1, runs = 5 } = {}): Promise<ParsingResult> {
  const text = syntheticMultistatus();
  let model: Collection[] = [];
  const fxp = new XMLParser({ ignoreAttributes: false });
  const times = await alternate(
    () => {
      model = modelOf(text);
    },
    () => fxp.parse(text),
    warmup,
    runs,
  );
  const memory = await peakMemory(text);
  const calendars = model.length;
  for (const found of [calendars, memory.calendars]) {
    if (found !== SYNTHETIC_CALENDARS) throw new Error(`the model parse found ${found} calendars, not ${SYNTHETIC_CALENDARS}`);
  }
  if (!model.every((c) => c.sharees.length === 5)) throw new Error('the model parse lost sharees');
  const modelMedianMs = median(times.a);
  const fxpMedianMs = median(times.b);
  return {
    bytes: Buffer.byteLength(text),
    calendars,
    modelMs: times.a,
    fxpMs: times.b,
    modelMedianMs,
    fxpMedianMs,
    ratio: modelMedianMs / fxpMedianMs,
    memory,
  };
}

/** Runs parse-child.ts on the document in a fresh Node (tsx as a loader: one process). */
async function peakMemory(text: string): Promise<ChildReport> {
  const dir = mkdtempSync(join(tmpdir(), 'sharedeck-bench-'));
  try {
    const file = join(dir, 'multistatus.xml');
    writeFileSync(file, text);
    return await runChild(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runChild(file: string): Promise<ChildReport> {
  const script = fileURLToPath(new URL('parse-child.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const root = fileURLToPath(new URL('..', import.meta.url)); // where --import finds tsx
    const child = spawn(process.execPath, ['--import', 'tsx', script, file], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`parse-child exited with ${code}: ${out.slice(0, 500)}`));
      else resolve(JSON.parse(out) as ChildReport);
    });
  });
}
