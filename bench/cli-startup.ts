// Part D: how much CPU `sharedeck --help` costs beside `node -e 0`, each as a whole process (user
// + system time of the child, from bash's `times`), the median of several runs taken in
// alternation. The command line is built first (scripts/build-cli.mjs), so this is the build
// package.json's bin names.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { median } from './stats';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface CliStartupResult {
  bin: string;
  helpMs: number[];
  nodeMs: number[];
  helpMedianMs: number;
  nodeMedianMs: number;
  ratio: number;
}

/** CPU ms of `node ARGS` run to its end, its output discarded. */
function cpuOf(args: readonly string[]): number {
  // `times` prints the shell's own times, then its children's: "0m0.121s 0m0.008s".
  const r = spawnSync('bash', ['-c', 'node "$@" >/dev/null 2>&1; code=$?; times; exit $code', 'bash', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const children = r.stdout.trim().split('\n').at(-1) ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (seconds.length !== 2) throw new Error(`unexpected output of times: ${r.stdout}`);
  return (seconds[0]! + seconds[1]!) * 1000;
}

export function benchCliStartup({ warmup = 2, runs = 11 } = {}): CliStartupResult {
  const build = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the command line failed');
  const bin = (JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { bin: { sharedeck: string } }).bin.sharedeck;
  const help = [bin, '--help'];
  const node = ['-e', '0'];
  for (let i = 0; i < warmup; i++) {
    cpuOf(help);
    cpuOf(node);
  }
  const helpMs: number[] = [];
  const nodeMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      helpMs.push(cpuOf(help));
      nodeMs.push(cpuOf(node));
    } else {
      nodeMs.push(cpuOf(node));
      helpMs.push(cpuOf(help));
    }
  }
  const helpMedianMs = median(helpMs);
  const nodeMedianMs = median(nodeMs);
  return { bin, helpMs, nodeMs, helpMedianMs, nodeMedianMs, ratio: helpMedianMs / nodeMedianMs };
}
