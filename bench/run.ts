// `npm run bench`: figures for listing (live Cyrus) and parsing (synthetic 20 MB multistatus),
// checked against targets. Exits 1 when a target is missed. `--json` prints one JSON document.
//
//   npm run bench                      start a private Cyrus (or use SHAREDECK_TEST_SERVER)
//   npm run -s bench -- --json         machine-readable (-s keeps npm's banner off stdout)
//   npm run bench -- --only listing    or --only parsing

import { benchListing, type ListingResult } from './listing';
import { benchParsing, type ParsingResult } from './parsing';
import { provisionBench } from './provision';
import { benchServer } from './server';
import { log, round } from './stats';

interface Target {
  name: string;
  value: string;
  target: string;
  pass: boolean;
}

const LIMITS = { listingRatio: 1.2, parseRatio: 2, peakRssMb: 400 };

function listingTargets(r: ListingResult): Target[] {
  return [
    {
      name: 'listing requests = home sets',
      value: `${r.requests}`,
      target: `= ${r.homeSets} (calendar + address-book homes), for ${r.collections} collections`,
      pass: r.requests === r.homeSets,
    },
    { name: 'listing time engine / bare fetch', value: `${round(r.ratio, 2)}`, target: `<= ${LIMITS.listingRatio}`, pass: r.ratio <= LIMITS.listingRatio },
    {
      name: 'listing model is the provisioned one',
      value: r.problems.length === 0 ? `${r.benchCalendars} calendars × 5 sharees` : r.problems.join('; '),
      target: '200 × 5',
      pass: r.problems.length === 0,
    },
  ];
}

function parsingTargets(r: ParsingResult): Target[] {
  return [
    { name: 'parse time model / fast-xml-parser', value: `${round(r.ratio, 2)}`, target: `<= ${LIMITS.parseRatio}`, pass: r.ratio <= LIMITS.parseRatio },
    { name: 'parse peak RSS (fresh process)', value: `${round(r.memory.peakRssMb, 0)} MB`, target: `< ${LIMITS.peakRssMb} MB`, pass: r.memory.peakRssMb < LIMITS.peakRssMb },
  ];
}

function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
}

const ms = (n: number): string => `${round(n)} ms`;
const list = (xs: number[]): string => xs.map((x) => Math.round(x)).join(' ');

function report(listing: ListingResult | undefined, parsing: ParsingResult | undefined, targets: Target[], setup: Record<string, string>): string {
  const out: string[] = ['', 'Sharedeck benchmark', table(Object.entries(setup))];
  if (listing) {
    out.push(
      '',
      'A. Listing (ls of the bench account, live Cyrus)',
      table([
        ['collections listed', `${listing.collections} (${listing.benchCalendars} bench calendars)`],
        ['sharees seen', `${listing.sharees}`],
        ['requests', `${listing.requests} (home sets: ${listing.homeSets})`],
        ['first listing', ms(listing.firstListingMs)],
        ['engine median', `${ms(listing.engineMedianMs)}   [${list(listing.engineMs)}]`],
        ['bare fetch median', `${ms(listing.baselineMedianMs)}   [${list(listing.baselineMs)}]`],
        ['ratio', `${round(listing.ratio, 2)}`],
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
        ['peak RSS, fresh process', `${round(parsing.memory.peakRssMb, 0)} MB (${round(parsing.memory.rssBeforeMb, 0)} MB before the parse, one parse ${ms(parsing.memory.parseMs)})`],
      ]),
    );
  }
  const width = Math.max(...targets.map((t) => t.name.length));
  out.push('', 'Targets', ...targets.map((t) => `  ${t.pass ? 'PASS' : 'FAIL'}  ${t.name.padEnd(width)}  ${t.value}  (target ${t.target})`), '');
  return out.join('\n');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  if (only !== undefined && only !== 'listing' && only !== 'parsing') throw new Error('--only takes listing or parsing');
  const started = performance.now();
  const setup: Record<string, string> = { node: process.version };

  let listing: ListingResult | undefined;
  if (only !== 'parsing') {
    const server = await benchServer();
    try {
      setup.server = `${server.url}${server.private ? ' (private, started for this run)' : ''}`;
      const provisioned = await provisionBench(server.url);
      setup.provisioning = `${provisioned.created} created, ${provisioned.shared} shared in ${ms(provisioned.ms)}`;
      log('measuring the listing');
      listing = await benchListing(server.url);
    } finally {
      await server.stop();
    }
  }
  let parsing: ParsingResult | undefined;
  if (only !== 'listing') {
    log('measuring parsing');
    parsing = await benchParsing();
  }

  const targets = [...(listing ? listingTargets(listing) : []), ...(parsing ? parsingTargets(parsing) : [])];
  const pass = targets.every((t) => t.pass);
  setup['total time'] = `${round((performance.now() - started) / 1000)} s`;
  if (json) process.stdout.write(`${JSON.stringify({ pass, setup, listing, parsing, targets }, null, 2)}\n`);
  else process.stdout.write(report(listing, parsing, targets, setup));
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
