// The renderer benchmark's account: the real account recorded from the live Cyrus
// (bench/data/recorded-account.json, see record-account.ts) scaled deterministically to 5,000
// collections with 20,000 sharees in total.
//
// Every generated collection is a copy of a recorded one of the same kind and relation (a calendar
// alice owns and shares, an address book shared with her, a WebDAV folder, ...), so the fields the
// engine fills in (dialects, owner, shareesVisible, canShare, the sharee shape of shares given to
// the user) are exactly what Cyrus sends; only URL, name, colour, description and sharees change.
// The recorded collections themselves come first, unchanged. Same seed, same data, every run.

import { readFileSync } from 'node:fs';
import {
  isAccess,
  type Access,
  type Account,
  type Collection,
  type CollectionKind,
  type InviteStatus,
  type Sharee,
  type ShareAccess,
} from '../shared/model';
import { RECORDING_PATH, type RecordedAccount } from './recording';

export const COLLECTIONS = 5000;
export const SHAREES = 20_000;
/** Generated (not recorded) collections of each kind; with the recorded ones they make COLLECTIONS. */
const KIND_SHARE: Record<CollectionKind, number> = { calendar: 0.52, addressbook: 0.3, folder: 0.18 };
/** Of the calendars and address books: given to the user by someone else. */
const SHARED_WITH_YOU = 0.1;
/** Of the calendars and address books the user owns: shared with at least one person. */
const SHARED_BY_YOU = 0.55;
const SEED = 0x5ade_dec5;

export interface BenchAccount {
  account: Account;
  collections: Collection[];
  recorded: number;
}

/** mulberry32: a small, fast PRNG; deterministic for a seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEAMS = [
  'Marketing',
  'Sales',
  'Engineering',
  'Support',
  'Finance',
  'Legal',
  'People',
  'Design',
  'Operations',
  'Research',
  'Platform',
  'Mobile',
  'Data',
  'Security',
  'Facilities',
  'Procurement',
  'Partnerships',
  'Growth',
  'Infrastructure',
  'Customer success',
];
const PLACES = [
  'Berlin',
  'Lisbon',
  'Toronto',
  'Nairobi',
  'Osaka',
  'São Paulo',
  'Melbourne',
  'Dublin',
  'Kraków',
  'Austin',
  'Zürich',
  'Bengaluru',
  'Oslo',
  'Montréal',
  'Cape Town',
];
const CAL_TOPICS = [
  'standups',
  'releases',
  'on-call rota',
  'holidays',
  'offsite',
  'interviews',
  'training',
  'deadlines',
  'launch plan',
  'room bookings',
  '1:1s',
  'board meetings',
  'sprint reviews',
  'all-hands',
  'office hours',
  'maintenance windows',
  'team lunches',
  'trade fairs',
];
const PERSONAL = [
  'Family',
  'Kids’ school',
  'Football club',
  'Choir rehearsals',
  'Gym',
  'Birthdays',
  'Book club',
  'Doctor & dentist',
  'Allotment',
  'Climbing',
  'Piano lessons',
  'Bin collection',
  'Holidays',
  'Wedding planning',
  'Moving house',
];
const AB_TOPICS = [
  'contacts',
  'suppliers',
  'clients',
  'press contacts',
  'freelancers',
  'alumni',
  'volunteers',
  'speakers',
  'vendors',
  'recruiters',
];
const FOLDER_TOPICS = [
  'documents',
  'contracts',
  'invoices',
  'minutes',
  'designs',
  'reports',
  'scans',
  'handbooks',
  'templates',
  'photos',
  'receipts',
  'presentations',
];
const CODENAMES = [
  'Aurora',
  'Basalt',
  'Cirrus',
  'Delta',
  'Ember',
  'Fjord',
  'Granite',
  'Harbour',
  'Iris',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Meridian',
  'Nimbus',
  'Orchid',
  'Pioneer',
  'Quartz',
  'Rowan',
  'Sierra',
  'Tundra',
];
const YEARS = ['2023', '2024', '2025', '2026'];
const COLORS = [
  '#1f6feb',
  '#d1242f',
  '#8250df',
  '#bf8700',
  '#1a7f37',
  '#0969da',
  '#cf222e',
  '#9a6700',
  '#116329',
  '#8c959f',
  '#e16f24',
  '#bf3989',
  '#0550ae',
  '#6639ba',
  '#4d2d00',
  '#1b7c83',
];
const FIRST = [
  'Ada',
  'Bruno',
  'Chiara',
  'Dmitri',
  'Elif',
  'Farah',
  'Gustavo',
  'Hana',
  'Ingrid',
  'Jamal',
  'Keiko',
  'Lars',
  'Mariana',
  'Nikhil',
  'Olu',
  'Priya',
  'Quentin',
  'Rosa',
  'Sven',
  'Tamar',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
  'Zofia',
  'Amir',
  'Beatriz',
  'Chen',
  'Dagny',
  'Emeka',
  'Fiona',
  'Goran',
  'Helga',
  'Ivo',
  'Jana',
  'Kofi',
  'Lena',
  'Mateo',
  'Noor',
];
const LAST = [
  'Andersen',
  'Bianchi',
  'Costa',
  'Dubois',
  'Eriksson',
  'Fischer',
  'García',
  'Horvat',
  'Ivanova',
  'Jansen',
  'Kowalski',
  'López',
  'Müller',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Quinn',
  'Rossi',
  'Silva',
  'Tanaka',
  'Ueda',
  'Varga',
  'Wójcik',
  'Xu',
  'Yilmaz',
  'Zhang',
  'Adeyemi',
  'Brennan',
  'Castillo',
  'Dimitrov',
  'Esposito',
  'Fournier',
  'Gallagher',
  'Haddad',
  'Iversen',
  'Jovanović',
  'Kim',
  'Lindqvist',
  'Moreau',
  'Novak',
];
const DOMAINS = ['example.com', 'example.org', 'example.net', 'acme.example', 'northwind.example', 'contoso.example'];

const STATUSES: [InviteStatus, number][] = [
  ['accepted', 0.62],
  ['pending', 0.24],
  ['declined', 0.1],
  ['invalid', 0.04],
];

const ascii = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/ć/g, 'c');
const slug = (s: string): string =>
  ascii(s)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

export function loadRecording(path = RECORDING_PATH): RecordedAccount {
  return JSON.parse(readFileSync(path, 'utf8')) as RecordedAccount;
}

/** The recorded account scaled to `total` collections and `sharees` sharees. */
export function benchAccount(recording: RecordedAccount = loadRecording(), total = COLLECTIONS, sharees = SHAREES): BenchAccount {
  const random = rng(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const chance = (p: number): boolean => random() < p;
  const { server, account } = recording;
  const user = account.username;
  const self = account.addresses[0] ?? `mailto:${user}@example.com`;

  // Templates: the recorded collections by kind and relation.
  const template = (kind: CollectionKind, access: ShareAccess | 'shared-with-you'): Collection => {
    const found =
      recording.collections.find((c) => c.kind === kind && (access === 'shared-with-you' ? isAccess(c.access) : c.access === access)) ??
      recording.collections.find((c) => c.kind === kind && c.access === 'not-shared');
    if (!found) throw new Error(`the recording has no ${kind} to copy`);
    return found;
  };

  const people = FIRST.flatMap((first, i) =>
    LAST.map((last, j) => {
      const domain = DOMAINS[(i * 7 + j) % DOMAINS.length]!;
      return { name: `${first} ${last}`, address: `mailto:${slug(first)}.${slug(last)}@${domain}`, login: `${slug(first)}.${slug(last)}` };
    }),
  );
  const status = (): InviteStatus => {
    let r = random();
    for (const [s, p] of STATUSES) {
      if (r < p) return s;
      r -= p;
    }
    return 'accepted';
  };

  const names = new Set(recording.collections.map((c) => `${c.kind}:${c.name}`));
  const unique = (kind: CollectionKind, name: string): string => {
    let out = name;
    for (let n = 2; names.has(`${kind}:${out}`); n++) out = `${name} (${n})`;
    names.add(`${kind}:${out}`);
    return out;
  };
  const nameFor = (kind: CollectionKind): string => {
    const r = random();
    if (kind === 'calendar') {
      if (r < 0.45) return `${pick(TEAMS)} ${pick(CAL_TOPICS)}`;
      if (r < 0.7) return `${pick(PLACES)} office ${pick(CAL_TOPICS)}`;
      if (r < 0.85) return pick(PERSONAL);
      return `Project ${pick(CODENAMES)} ${pick(CAL_TOPICS)} ${pick(YEARS)}`;
    }
    if (kind === 'addressbook') {
      if (r < 0.5) return `${pick(TEAMS)} ${pick(AB_TOPICS)}`;
      if (r < 0.8) return `${pick(PLACES)} ${pick(AB_TOPICS)}`;
      return `Project ${pick(CODENAMES)} ${pick(AB_TOPICS)}`;
    }
    if (r < 0.4) return `${pick(TEAMS)} ${pick(FOLDER_TOPICS)}`;
    if (r < 0.7) return `${pick(FOLDER_TOPICS).replace(/^./, (c) => c.toUpperCase())} ${pick(YEARS)}`;
    return `Project ${pick(CODENAMES)} ${pick(FOLDER_TOPICS)}`;
  };
  const description = (name: string, kind: CollectionKind): string | undefined =>
    kind !== 'folder' && chance(0.2)
      ? `${kind === 'calendar' ? 'Dates' : 'People'} for “${name}”; ask ${pick(people).name} before changing it`
      : undefined;

  const home = (kind: CollectionKind): string =>
    kind === 'calendar'
      ? `${server}/dav/calendars/user/${user}/`
      : kind === 'addressbook'
        ? `${server}/dav/addressbooks/user/${user}/`
        : `${server}/dav/drive/user/${user}/`;
  const ownerHome = (kind: CollectionKind, login: string): string =>
    kind === 'calendar' ? `${server}/dav/calendars/user/${login}/` : `${server}/dav/addressbooks/user/${login}/`;

  interface Draft {
    collection: Collection;
    /** How many sharees the collection should get (shared-owner only). */
    weight: number;
  }
  const drafts: Draft[] = [];
  const generated = total - recording.collections.length;
  const kinds: CollectionKind[] = ['calendar', 'addressbook', 'folder'];
  const counts = kinds.map((k) => Math.round(generated * KIND_SHARE[k]));
  counts[0]! += generated - counts.reduce((a, b) => a + b, 0);
  kinds.forEach((kind, k) => {
    for (let i = 0; i < counts[k]!; i++) {
      const name = unique(kind, nameFor(kind));
      const segment = `${slug(name)}-${drafts.length.toString(36)}`;
      const given = kind !== 'folder' && chance(SHARED_WITH_YOU);
      const shared = kind !== 'folder' && !given && chance(SHARED_BY_YOU);
      const base = structuredClone(template(kind, given ? 'shared-with-you' : shared ? 'shared-owner' : 'not-shared'));
      const c: Collection = { ...base, name, url: `${home(kind)}${segment}/` };
      delete c.color;
      delete c.description;
      if (kind === 'calendar' && chance(0.85)) c.color = pick(COLORS);
      const text = description(name, kind);
      if (text) c.description = text;
      if (given) {
        const from = pick(people);
        const access: Access = chance(0.5) ? 'read' : 'read-write';
        c.access = access;
        c.url = `${home(kind)}${from.login}.${segment}/`;
        c.owner = { address: `${server}/dav/principals/user/${from.login}/` };
        c.sharedBy = { address: `${server}/dav/principals/user/${from.login}/` };
        c.originalUrl = `${ownerHome(kind, from.login)}${segment}/`;
        // As Cyrus lists a share given to the user: the user, accepted.
        c.sharees = [{ address: self, access, status: 'accepted' }];
      } else {
        c.sharees = [];
      }
      // Sharee counts are skewed: most shares are with a few people, some with whole teams.
      drafts.push({ collection: c, weight: shared ? Math.exp(random() * Math.log(60)) : 0 });
    }
  });

  // Spread what is left of the sharees over the shared-owner drafts in proportion to their weight.
  const fixed = [...recording.collections, ...drafts.map((d) => d.collection)].reduce((n, c) => n + c.sharees.length, 0);
  const owned = drafts.filter((d) => d.weight > 0);
  const left = sharees - fixed;
  if (owned.length === 0 || left < owned.length) throw new Error(`cannot spread ${left} sharees over ${owned.length} shared collections`);
  const sum = owned.reduce((n, d) => n + d.weight, 0);
  const want = owned.map((d) => Math.max(1, Math.min(people.length, Math.floor((d.weight / sum) * left))));
  for (let extra = left - want.reduce((a, b) => a + b, 0), i = 0; extra !== 0; i = (i + 1) % want.length) {
    const step = extra > 0 ? 1 : -1;
    const next = want[i]! + step;
    if (next >= 1 && next <= people.length) {
      want[i] = next;
      extra -= step;
    }
  }
  owned.forEach((d, i) => {
    const n = want[i]!;
    const start = Math.floor(random() * people.length);
    let stride = 1 + Math.floor(random() * 97);
    while (gcd(stride, people.length) !== 1) stride++; // walks the whole pool: no one twice
    const list: Sharee[] = [];
    for (let k = 0; k < n; k++) {
      const p = people[(start + k * stride) % people.length]!;
      const s: Sharee = { address: p.address, access: chance(0.6) ? 'read' : 'read-write', status: status() };
      if (chance(0.4)) s.name = p.name;
      list.push(s);
    }
    d.collection.sharees = list;
  });

  const collections = [...recording.collections, ...drafts.map((d) => d.collection)];
  const count = collections.reduce((n, c) => n + c.sharees.length, 0);
  if (collections.length !== total || count !== sharees)
    throw new Error(`generated ${collections.length} collections / ${count} sharees, not ${total} / ${sharees}`);
  if (new Set(collections.map((c) => c.url)).size !== total) throw new Error('generated duplicate collection URLs');
  return { account, collections, recorded: recording.collections.length };
}
