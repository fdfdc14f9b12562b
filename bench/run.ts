// `npm run bench`: figures for listing (live Cyrus), parsing (synthetic 20 MB multistatus), XML
// scaling (hostile shapes at 1–8 MB, a recorded Cyrus listing), the command line's start, the
// renderer (Chromium, 5,000 collections) and the engine's responsiveness (other calls while a
// 20 MB listing is parsed), checked against targets. Exits 1 when a target is missed. `--json`
// prints one JSON document.
//
//   npm run bench                      start a private Cyrus (or use SHAREDECK_TEST_SERVER)
//   npm run -s bench -- --json         machine-readable (-s keeps npm's banner off stdout)
//   npm run bench -- --only listing    or --only parsing, xml, cli, renderer or responsiveness
//                                      (only listing needs Cyrus)

import { benchCliStartup, type CliStartupResult } from './cli-startup';
import { benchListing, type ListingResult } from './listing';
import { benchPeople, type PeopleBenchResult } from './people';
import { benchParsing, type ParsingResult } from './parsing';
import { grantAclEverywhere, provisionBench } from './provision';
import { benchRenderer, type RendererResult } from './renderer';
import { benchResponsiveness, type ModeResult, type ResponsivenessResult } from './responsiveness';
import { benchServer } from './server';
import { log, percentile, round } from './stats';
import { benchScaling, SCALING_SIZES_MB, type ScalingResult } from './xml-scaling';

interface Target {
  name: string;
  value: string;
  target: string;
  pass: boolean;
}

const LIMITS = {
  listingRatio: 1.2,
  revokeRatio: 1.3,
  parseRatio: 2,
  peakRssMb: 400,
  growthPerDoubling: 2.5,
  listingParseMs: 10,
  cliHelpCpuRatio: 2.5,
  firstRenderMs: 1000,
  keyP95Ms: 50,
  heapMb: 150,
  bundleGzipKb: 400,
  callP95Ms: 50,
};
const PARTS = ['listing', 'people', 'parsing', 'xml', 'cli', 'renderer', 'responsiveness'] as const;
type Part = (typeof PARTS)[number];

function listingTargets(r: ListingResult): Target[] {
  return [
    {
      name: 'listing requests = home sets',
      value: `${r.requests}`,
      target: `= ${r.homeSets} (calendar + address-book homes), for ${r.collections} collections`,
      pass: r.requests === r.homeSets,
    },
    {
      name: 'warm ls requests (discovery cached) = home sets',
      value: `${r.warmLsRequests} (cold: ${r.coldLsRequests}, discovery included)`,
      target: `= ${r.homeSets}`,
      pass: r.warmLsRequests === r.homeSets,
    },
    {
      name: 'listing time engine / bare fetch',
      value: `${round(r.ratio, 2)}`,
      target: `<= ${LIMITS.listingRatio}`,
      pass: r.ratio <= LIMITS.listingRatio,
    },
    {
      name: 'listing model is the provisioned one',
      value: r.problems.length === 0 ? `${r.benchCalendars} calendars × 5 sharees` : r.problems.join('; '),
      target: '200 × 5',
      pass: r.problems.length === 0,
    },
  ];
}

function peopleTargets(r: PeopleBenchResult): Target[] {
  return [
    {
      name: 'people requests = ls + directory searches',
      value: `${r.peopleRequests} (${r.lookups} searches, ${r.probes} search-property question)`,
      target: `= ${r.lsRequests} (ls) + at most one search per person (${r.distinctPeople}) + at most one question`,
      pass: r.peopleRequests === r.lsRequests + r.lookups + r.probes && r.lookups <= r.distinctPeople && r.probes <= 1,
    },
    {
      name: 'people again: no searches',
      value: `${r.secondPeopleRequests}`,
      target: `= ${r.lsRequests}`,
      pass: r.secondPeopleRequests === r.lsRequests,
    },
    {
      name: 'revoke everywhere: requests in flight',
      value: `${r.maxInFlight}`,
      target: `<= ${r.concurrency}`,
      pass: r.maxInFlight <= r.concurrency,
    },
    {
      name: 'revoke everywhere engine / bare fetch',
      value: `${round(r.ratio, 2)}`,
      target: `<= ${LIMITS.revokeRatio}`,
      pass: r.ratio <= LIMITS.revokeRatio,
    },
    {
      name: 'people model is the provisioned one',
      value: r.problems.length === 0 ? `frank on ${r.frankGrants} calendars by ACL, revoked on ${r.revokeDone}` : r.problems.join('; '),
      target: '200 ACL grants, 200 revoked',
      pass: r.problems.length === 0,
    },
  ];
}

function parsingTargets(r: ParsingResult): Target[] {
  return [
    {
      name: 'parse time model / fast-xml-parser',
      value: `${round(r.ratio, 2)}`,
      target: `<= ${LIMITS.parseRatio}`,
      pass: r.ratio <= LIMITS.parseRatio,
    },
    {
      name: 'parse peak RSS (fresh process)',
      value: `${round(r.memory.peakRssMb, 0)} MB`,
      target: `< ${LIMITS.peakRssMb} MB`,
      pass: r.memory.peakRssMb < LIMITS.peakRssMb,
    },
  ];
}

function scalingTargets(r: ScalingResult): Target[] {
  return [
    ...r.shapes.map((shape) => ({
      name: `XML growth per doubling: ${shape.shape}`,
      value: `${round(shape.worstGrowth, 2)}×`,
      target: `<= ${LIMITS.growthPerDoubling}×`,
      pass: shape.worstGrowth <= LIMITS.growthPerDoubling,
    })),
    {
      name: 'XML: recorded Cyrus listing → resources',
      value: `${round(r.listing.medianMs, 2)} ms`,
      target: `<= ${LIMITS.listingParseMs} ms for ${round(r.listing.bytes / 1024, 0)} KB`,
      pass: r.listing.medianMs <= LIMITS.listingParseMs,
    },
  ];
}

function cliTargets(r: CliStartupResult): Target[] {
  return [
    {
      name: 'CLI --help CPU / node -e 0',
      value: `${round(r.ratio, 2)}`,
      target: `<= ${LIMITS.cliHelpCpuRatio}`,
      pass: r.ratio <= LIMITS.cliHelpCpuRatio,
    },
  ];
}

function rendererTargets(r: RendererResult): Target[] {
  const kb = r.bundle.gzipBytes / 1024;
  return [
    {
      name: 'renderer first render (median)',
      value: `${round(r.firstRender.medianMs, 0)} ms`,
      target: `< ${LIMITS.firstRenderMs} ms`,
      pass: r.firstRender.medianMs < LIMITS.firstRenderMs,
    },
    {
      name: 'renderer keystroke → paint p95',
      value: `${round(r.keystrokes.p95Ms, 1)} ms`,
      target: `< ${LIMITS.keyP95Ms} ms`,
      pass: r.keystrokes.p95Ms < LIMITS.keyP95Ms,
    },
    {
      name: 'renderer JS heap after loading',
      value: `${round(r.heap.usedMb, 1)} MB`,
      target: `< ${LIMITS.heapMb} MB`,
      pass: r.heap.usedMb < LIMITS.heapMb,
    },
    {
      name: 'renderer bundle (js + css, gzip)',
      value: `${round(kb, 1)} KB`,
      target: `< ${LIMITS.bundleGzipKb} KB`,
      pass: kb < LIMITS.bundleGzipKb,
    },
  ];
}

function responsivenessTargets(r: ResponsivenessResult): Target[] {
  return [
    {
      name: 'other calls during a 20 MB parse, p95',
      value: `${round(r.threads.p95Ms, 1)} ms (on the shell's thread: ${round(r.inProcess.p95Ms, 0)} ms)`,
      target: `<= ${LIMITS.callP95Ms} ms`,
      pass: r.threads.p95Ms <= LIMITS.callP95Ms,
    },
  ];
}

function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
}

const ms = (n: number): string => `${round(n)} ms`;
const list = (xs: number[]): string => xs.map((x) => Math.round(x)).join(' ');

interface Results {
  listing?: ListingResult;
  people?: PeopleBenchResult;
  parsing?: ParsingResult;
  scaling?: ScalingResult;
  cli?: CliStartupResult;
  renderer?: RendererResult;
  responsiveness?: ResponsivenessResult;
}

function modeRows(label: string, m: ModeResult): [string, string][] {
  return [
    [label, `p95 ${ms(m.p95Ms)}, median ${ms(m.medianMs)}, max ${ms(m.maxMs)} (${m.probeMs.length} calls)`],
    ['  p95 listAccounts / listInvitations', `${ms(m.p95ByMethodMs.listAccounts)} / ${ms(m.p95ByMethodMs.listInvitations)}`],
    ['  p95 with no listing running', ms(m.quietP95Ms)],
    ['  listing', `[${list(m.listingMs)}] ms`],
    ['  shell thread blocked at most', ms(m.loopBlockedMaxMs)],
  ];
}

function scalingTable(r: ScalingResult): string {
  const header: string[] = ['shape', ...SCALING_SIZES_MB.map((mb) => `${mb} MB`), 'worst ×2', 'outcome'];
  const rows = r.shapes.map((s) => [
    s.shape,
    ...s.ms.map((x) => `${x < 10 ? round(x, 1) : Math.round(x)} ms`),
    `${round(s.worstGrowth, 2)}×`,
    [...new Set(s.outcomes)].join('/'),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string =>
    `  ${cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`;
  return [line(header), ...rows.map(line)].join('\n');
}

function report(
  { listing, people, parsing, scaling, cli, renderer, responsiveness }: Results,
  targets: Target[],
  setup: Record<string, string>,
): string {
  const out: string[] = ['', 'Sharedeck benchmark', table(Object.entries(setup))];
  if (listing) {
    out.push(
      '',
      'A. Listing (ls of the bench account, live Cyrus)',
      table([
        ['collections listed', `${listing.collections} (${listing.benchCalendars} bench calendars)`],
        ['sharees seen', `${listing.sharees}`],
        ['requests', `${listing.requests} (home sets: ${listing.homeSets})`],
        ['a whole ls, discovery included', `${listing.coldLsRequests} requests; with the discovery cache: ${listing.warmLsRequests}`],
        ['first listing', ms(listing.firstListingMs)],
        ['engine median', `${ms(listing.engineMedianMs)}   [${list(listing.engineMs)}]`],
        ['bare fetch median', `${ms(listing.baselineMedianMs)}   [${list(listing.baselineMs)}]`],
        ['ratio', `${round(listing.ratio, 2)}`],
      ]),
    );
  }
  if (people) {
    out.push(
      '',
      'People (the bench account: 200 calendars × 5 sharees, plus frank by ACL on each; live Cyrus)',
      table([
        ['ls requests', `${people.lsRequests}`],
        [
          'people requests (first)',
          `${people.peopleRequests}, of which ${people.lookups} directory searches for ${people.distinctPeople} people`,
        ],
        ['people requests (again)', `${people.secondPeopleRequests}`],
        [
          'revoke frank everywhere',
          `${people.revokeRequests} requests, ${people.revokeDone} collections done, at most ${people.maxInFlight} in flight (bound ${people.concurrency})`,
        ],
        ['engine median', `${ms(people.engineMedianMs)}   [${list(people.engineMs)}]`],
        ['bare fetch median', `${ms(people.baselineMedianMs)}   [${list(people.baselineMs)}]`],
        ['ratio', `${round(people.ratio, 2)}`],
      ]),
    );
  }
  if (parsing) {
    out.push(
      '',
      `B. Parsing (synthetic multistatus, ${parsing.calendars} shared calendars, ${round(parsing.bytes / 1048576)} MB)`,
      table([
        ['bytes → model median', `${ms(parsing.modelMedianMs)}   [${list(parsing.modelMs)}]`],
        ['fast-xml-parser median', `${ms(parsing.fxpMedianMs)}   [${list(parsing.fxpMs)}]`],
        ['ratio', `${round(parsing.ratio, 2)}`],
        [
          'peak RSS, fresh process',
          `${round(parsing.memory.peakRssMb, 0)} MB (${round(parsing.memory.rssBeforeMb, 0)} MB before the parse, one parse ${ms(parsing.memory.parseMs)})`,
        ],
      ]),
    );
  }
  if (scaling) {
    out.push(
      '',
      'C. XML scaling (parseXml, CPU ms, fastest of 5; refused = ended as malformed at a bound)',
      scalingTable(scaling),
      table([
        [
          'recorded Cyrus listing',
          `${round(scaling.listing.bytes / 1024, 1)} KB, ${scaling.listing.responses} responses: median ${round(scaling.listing.medianMs, 2)} ms of ${scaling.listing.ms.length}`,
        ],
      ]),
    );
  }
  if (cli) {
    out.push(
      '',
      `D. Command line (${cli.bin}; CPU of the whole process, median of ${cli.helpMs.length})`,
      table([
        ['sharedeck --help', `${ms(cli.helpMedianMs)}   [${list(cli.helpMs)}]`],
        ['node -e 0', `${ms(cli.nodeMedianMs)}   [${list(cli.nodeMs)}]`],
        ['ratio', `${round(cli.ratio, 2)}`],
      ]),
    );
  }
  if (renderer) {
    const fr = renderer.firstRender;
    const keys = renderer.keystrokes;
    const et = keys.eventTimingOver16;
    out.push(
      '',
      `E. Renderer (Chromium ${renderer.chromium}, 1280×800; ${renderer.collections} collections, ${renderer.sharees} sharees, scaled from ${renderer.recordedCollections} recorded)`,
      table([
        ['listCollections answer', `${round(renderer.listBytes / 1048576, 2)} MB of JSON`],
        ['first render median', `${ms(fr.medianMs)}   [${list(fr.ms)}] (warm-up ${Math.round(fr.warmupMs)})`],
        ['  list received', `[${list(fr.listReceivedMs)}]`],
        ['  rows committed', `[${list(fr.committedMs)}]`],
        ['  first contentful paint', `[${list(fr.fcpMs)}]`],
        ['keystroke → paint median', ms(keys.medianMs)],
        ['keystroke → paint p95', `${ms(keys.p95Ms)} (max ${ms(keys.maxMs)}, ${keys.ms.length} keys)`],
        ['  per key', keys.ms.map((x) => Math.round(x)).join(' ')],
        [
          '  Event Timing keydown ≥16 ms',
          et.length === 0
            ? 'none'
            : `${et.length} of ${keys.ms.length}, p95 of those ${Math.round(percentile(et, 95))} ms, max ${Math.round(Math.max(...et))} ms`,
        ],
        [
          'JS heap after loading',
          `${round(renderer.heap.usedMb, 1)} MB used (${round(renderer.heap.totalMb, 1)} MB allocated), after a GC`,
        ],
        [
          'bundle',
          `${round(renderer.bundle.gzipBytes / 1024, 1)} KB gzipped (${round(renderer.bundle.bytes / 1024, 1)} KB raw): ${renderer.bundle.files.map((f) => `${f.name} ${round(f.gzipBytes / 1024, 1)} KB`).join(', ')}`,
        ],
      ]),
    );
  }
  if (responsiveness) {
    const r = responsiveness;
    out.push(
      '',
      `F. Responsiveness (listAccounts and another account's listInvitations every ${r.probeIntervalMs} ms while ${r.calendars} calendars, ${round(r.bytes / 1048576)} MB, are listed; ${r.runs} listings; latency from when each call was due)`,
      table([...modeRows('engine on the shell’s thread', r.inProcess), ...modeRows('engine host (its threads)', r.threads)]),
    );
  }
  const width = Math.max(...targets.map((t) => t.name.length));
  out.push(
    '',
    'Targets',
    ...targets.map((t) => `  ${t.pass ? 'PASS' : 'FAIL'}  ${t.name.padEnd(width)}  ${t.value}  (target ${t.target})`),
    '',
  );
  return out.join('\n');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  if (only !== undefined && !(PARTS as readonly string[]).includes(only)) throw new Error(`--only takes ${PARTS.join(', ')}`);
  const runs = (part: Part): boolean => only === undefined || only === part;
  const started = performance.now();
  const setup: Record<string, string> = { node: process.version };

  let listing: ListingResult | undefined;
  let people: PeopleBenchResult | undefined;
  if (runs('listing') || runs('people')) {
    const server = await benchServer();
    try {
      setup.server = `${server.url}${server.private ? ' (private, started for this run)' : ''}`;
      const provisioned = await provisionBench(server.url);
      setup.provisioning = `${provisioned.created} created, ${provisioned.shared} shared in ${ms(provisioned.ms)}`;
      if (runs('listing')) {
        log('measuring the listing');
        listing = await benchListing(server.url);
      }
      if (runs('people')) {
        log('measuring People and revoke everywhere');
        await grantAclEverywhere(server.url);
        people = await benchPeople(server.url);
      }
    } finally {
      await server.stop();
    }
  }
  let parsing: ParsingResult | undefined;
  if (runs('parsing')) {
    log('measuring parsing');
    parsing = await benchParsing();
  }
  let scaling: ScalingResult | undefined;
  if (runs('xml')) {
    log('measuring XML scaling');
    scaling = benchScaling();
  }
  let cli: CliStartupResult | undefined;
  if (runs('cli')) {
    log('measuring the command line');
    cli = benchCliStartup();
  }
  let renderer: RendererResult | undefined;
  if (runs('renderer')) {
    log('measuring the renderer');
    const { build, ...result } = await benchRenderer();
    setup.renderer = build;
    renderer = result;
  }

  let responsiveness: ResponsivenessResult | undefined;
  if (runs('responsiveness')) {
    log('measuring the engine’s responsiveness');
    responsiveness = await benchResponsiveness();
  }

  const targets = [
    ...(listing ? listingTargets(listing) : []),
    ...(people ? peopleTargets(people) : []),
    ...(parsing ? parsingTargets(parsing) : []),
    ...(scaling ? scalingTargets(scaling) : []),
    ...(cli ? cliTargets(cli) : []),
    ...(renderer ? rendererTargets(renderer) : []),
    ...(responsiveness ? responsivenessTargets(responsiveness) : []),
  ];
  const pass = targets.every((t) => t.pass);
  setup['total time'] = `${round((performance.now() - started) / 1000)} s`;
  if (json)
    process.stdout.write(
      `${JSON.stringify({ pass, setup, listing, people, parsing, scaling, cli, renderer, responsiveness, targets }, null, 2)}\n`,
    );
  else process.stdout.write(report({ listing, people, parsing, scaling, cli, renderer, responsiveness }, targets, setup));
  return pass ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  },
);
