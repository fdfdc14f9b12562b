// A small local HTTP server that plays back a recorded server: each request the engine sends is
// answered with the recorded response to the same request, byte for byte. A request the recording
// does not have is answered 599 and noted in `failures` (tests assert there are none), so the
// engine can never be tested against an answer nobody recorded.
//
// "The same request" is the same method, path, user and Depth, and the same meaning of the body
// where the body decides the answer: the searched properties and terms of a REPORT, the hrefs,
// access levels and names of a share POST (not their order, prefixes or whitespace), and the
// Content-Type of a POST (servers route by it). PROPFIND bodies are not compared: the recording
// asked for a superset of what the engine asks.
//
// The recording is a sequence of states: each write (POST, PUT, DELETE, ...) changes what the
// server holds. A read is answered from the recorded reads between the current state's write and
// the next one; a write must match a later recorded write, which becomes the current state (a flow
// may skip writes; the answers then include their effects, as the recording does). Traces listed
// in `timeless` (discovery, principals, directory search: nothing a share changes) answer in any
// state. `standIns` answer a request the recording lacks with another recorded answer, each with
// the reason it is the same answer; `depth0FromListing` answers a Depth:0 PROPFIND with the
// resource's own <response> from a recorded Depth:1 PROPFIND of its parent in the same state;
// `edits` change a recorded answer where a test needs a server that differs in one stated way.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NS, parseXml, type XmlElement } from '../../electron/dav/xml';
import type { Fixture } from '../fixtures/load';

export interface PlaybackRequest {
  method: string;
  path: string;
  depth?: string;
  user?: string;
  contentType?: string;
  body: string;
}

export interface StandIn {
  when: (req: PlaybackRequest) => boolean;
  /** The trace whose recorded answer is the answer. */
  answer: string;
  because: string;
}

export interface PlaybackOptions {
  /** Loads a trace of the recording by number or name. */
  load: (id: string) => Fixture;
  /** The recorded exchanges to play, in recording order. */
  traces: readonly string[];
  /** Answered in any state. */
  timeless?: readonly string[];
  /**
   * A recorded 401 challenge: the answer to a request without credentials of its scheme, unless
   * the recording has an answer to that request without credentials (a well-known redirect).
   */
  challenge?: string;
  depth0FromListing?: boolean;
  standIns?: readonly StandIn[];
  /** Text surgery on recorded response bodies, by trace number (each test says what it changes and why). */
  edits?: Readonly<Record<string, (body: string) => string>>;
  /** POST media types the server treats alike, as [sent, recorded] pairs (each with a reason in the test). */
  sameContentTypes?: readonly (readonly [string, string])[];
}

export interface Served {
  method: string;
  path: string;
  /** The trace that answered, "challenge", "listing <trace>" or "NONE". */
  answeredBy: string;
  body: string;
  contentType?: string;
  /** The scheme and user of the Authorization header, never the rest of it. */
  authorization?: string;
}

export interface Playback {
  origin: string;
  /** Every request with the trace that answered it, in order. */
  served: Served[];
  /** Requests the recording has no answer for. */
  failures: string[];
  /** The writes the engine sent (POST, PUT, DELETE, ...), with their bodies. */
  writes(): Served[];
  /** Moves to the state after a recorded write someone else made (another client of the same user, another user). */
  advanceTo(trace: string): void;
  close(): Promise<void>;
}

const WRITES = new Set(['POST', 'PUT', 'DELETE', 'PROPPATCH', 'MKCOL', 'MKCALENDAR', 'MOVE', 'COPY']);

function userOf(authorization: string | undefined | null): string | undefined {
  if (!authorization) return undefined;
  const digest = /^Digest\s.*\busername="([^"]*)"/i.exec(authorization);
  if (digest) return digest[1];
  const basic = /^Basic\s+(\S+)/i.exec(authorization);
  if (basic) return Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')[0];
  return undefined;
}

const clark = (e: XmlElement) => `{${e.ns}}${e.name}`;
const kids = (e: XmlElement | undefined, ns: string, name: string) => e?.children.filter((c) => c.ns === ns && c.name === name) ?? [];
const kid = (e: XmlElement | undefined, ns: string, name: string) => kids(e, ns, name)[0];

/** What decides the server's answer in a request body, as a comparable string. */
function bodyKey(method: string, body: string): string {
  if (method !== 'REPORT' && method !== 'POST') return '';
  if (body.trim() === '') return '';
  let root: XmlElement;
  try {
    root = parseXml(body);
  } catch {
    return `unparsable:${body}`;
  }
  const top = clark(root);
  if (root.ns === NS.DAV && root.name === 'principal-property-search') {
    const terms = kids(root, NS.DAV, 'property-search')
      .map((ps) => `${kid(ps, NS.DAV, 'prop')?.children.map(clark).join('+') ?? ''}=${kid(ps, NS.DAV, 'match')?.text.trim() ?? ''}`)
      .sort();
    const apply = kid(root, NS.DAV, 'apply-to-principal-collection-set') ? ' apply-to-principal-collection-set' : '';
    // test="anyof" only means something with more than one term.
    const test = terms.length > 1 ? ` test=${root.attrs.test ?? 'allof'}` : '';
    return `${top} ${terms.join(' ')}${test}${apply}`;
  }
  if (root.ns === NS.DAV && root.name === 'share-resource') {
    const sharees = kids(root, NS.DAV, 'sharee').map((s) => {
      const href = kid(s, NS.DAV, 'href')?.text.trim() ?? '';
      const access =
        kid(s, NS.DAV, 'share-access')
          ?.children.map((c) => c.name)
          .join('') ?? '';
      const name = kid(kid(s, NS.DAV, 'prop'), NS.DAV, 'displayname')?.text.trim();
      return `${href}:${access}${name ? `:${name}` : ''}`;
    });
    return `${top} ${sharees.sort().join(' ')}`;
  }
  if ((root.ns === NS.CS || root.ns === NS.OC) && root.name === 'share') {
    const ns = root.ns;
    const items = root.children.map((c) => {
      const href = kid(c, NS.DAV, 'href')?.text.trim() ?? '';
      if (c.name === 'remove') return `remove:${href}`;
      // Both dialects read a set without read-write as read; Nextcloud ignores OC:common-name.
      const access = kid(c, ns, 'read-write') ? 'read-write' : 'read';
      const name = ns === NS.CS ? kid(c, ns, 'common-name')?.text.trim() : undefined;
      return `set:${href}:${access}${name ? `:${name}` : ''}`;
    });
    return `${top} ${items.sort().join(' ')}`;
  }
  return top;
}

function mediaType(contentType: string | undefined | null): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

interface Entry {
  index: number;
  fixture: Fixture;
  key: string;
  write: boolean;
  timeless: boolean;
}

function keyOf(req: PlaybackRequest, recordedUser: string | undefined, alike: PlaybackOptions['sameContentTypes'] = []): string {
  const depth = req.method === 'PROPFIND' || req.method === 'REPORT' ? ` depth=${req.depth ?? ''}` : '';
  const sent = mediaType(req.contentType);
  const type = req.method === 'POST' ? ` type=${alike.find(([a]) => a === sent)?.[1] ?? sent}` : '';
  const user = recordedUser === undefined ? '' : ` user=${recordedUser}`;
  return `${req.method} ${decodeURI(req.path)}${depth}${type}${user} ${bodyKey(req.method, req.body)}`;
}

function requestOf(f: Fixture): PlaybackRequest {
  const r: PlaybackRequest = { method: f.request.method, path: f.request.path, body: f.request.body };
  const depth = f.request.headers.get('depth');
  if (depth !== null) r.depth = depth;
  const type = f.request.headers.get('content-type');
  if (type !== null) r.contentType = type;
  return r;
}

/** The one <response> for `path` out of a recorded multistatus, as a multistatus of its own. */
function responseFor(multistatus: string, path: string): string | undefined {
  const open = multistatus.indexOf('>', multistatus.indexOf('multistatus')) + 1;
  const root = multistatus.slice(0, open);
  const prefix = /<([A-Za-z][\w.-]*:)?multistatus/.exec(root)?.[1] ?? '';
  const start = multistatus.indexOf(`<${prefix}response><${prefix}href>${path}</${prefix}href>`);
  if (open === 0 || start === -1) return undefined;
  const end = multistatus.indexOf(`</${prefix}response>`, start) + `</${prefix}response>`.length;
  return `${root}${multistatus.slice(start, end)}</${prefix}multistatus>`;
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

const HOP_BY_HOP = new Set(['content-length', 'connection', 'transfer-encoding', 'keep-alive']);

export async function startPlayback(options: PlaybackOptions): Promise<Playback> {
  const timeless = new Set(options.timeless ?? []);
  const entries: Entry[] = options.traces
    // The challenge answers unauthenticated requests; it is not an answer to a request of its own.
    .filter((id) => options.challenge === undefined || options.load(id).name !== options.load(options.challenge).name)
    .map((id, index) => {
      const fixture = options.load(id);
      // A 401 to a request without credentials answers the missing credentials, not the request.
      const recordedUser =
        userOf(fixture.request.headers.get('authorization')) ?? (fixture.response.status === 401 ? '(nobody)' : undefined);
      return {
        index,
        fixture,
        key: keyOf(requestOf(fixture), recordedUser),
        write: WRITES.has(fixture.request.method),
        timeless: timeless.has(id) || timeless.has(fixture.name) || [...timeless].some((t) => fixture.name.startsWith(`${t}-`)),
      };
    });
  const challenge = options.challenge === undefined ? undefined : options.load(options.challenge);
  const scheme = /^\s*(\w+)/.exec(challenge?.response.headers.get('www-authenticate') ?? '')?.[1]?.toLowerCase();
  const served: Served[] = [];
  const failures: string[] = [];
  let state = -1;

  const segment = (): Entry[] => {
    const next = entries.find((e) => e.index > state && e.write)?.index ?? entries.length;
    return entries.filter((e) => e.index > state && e.index < next && !e.write);
  };
  const keys = (req: PlaybackRequest, user: string | undefined) => [
    keyOf(req, user, options.sameContentTypes),
    keyOf(req, undefined, options.sameContentTypes),
  ];

  function answer(req: PlaybackRequest, user: string | undefined): { fixture: Fixture; by: string; body?: string } | undefined {
    const [withUser, anyone] = keys(req, user);
    const matches = (e: Entry) => e.key === withUser || e.key === anyone;
    if (WRITES.has(req.method)) {
      const write = entries.find((e) => e.index > state && e.write && matches(e));
      if (write) {
        state = write.index;
        return { fixture: write.fixture, by: write.fixture.name };
      }
    } else {
      const hit = segment().find(matches) ?? entries.find((e) => e.timeless && matches(e));
      if (hit) return { fixture: hit.fixture, by: hit.fixture.name };
      if (options.depth0FromListing && req.method === 'PROPFIND' && req.depth === '0') {
        const parent = req.path.replace(/[^/]+\/?$/, '');
        const listing = segment().find(
          (e) =>
            e.fixture.request.method === 'PROPFIND' && e.fixture.request.headers.get('depth') === '1' && e.fixture.request.path === parent,
        );
        const body = listing ? responseFor(listing.fixture.response.body, req.path) : undefined;
        if (listing && body) return { fixture: listing.fixture, by: `listing ${listing.fixture.name}`, body };
      }
    }
    const standIn = options.standIns?.find((s) => s.when(req));
    if (standIn) {
      const fixture = options.load(standIn.answer);
      return { fixture, by: `${fixture.name} (stand-in: ${standIn.because})` };
    }
    return undefined;
  }

  const server: Server = createServer((req, res) => {
    void read(req).then((body) => {
      const request: PlaybackRequest = { method: req.method ?? 'GET', path: req.url ?? '/', body };
      if (req.headers.depth !== undefined) request.depth = String(req.headers.depth);
      if (req.headers['content-type'] !== undefined) request.contentType = req.headers['content-type'];
      const user = userOf(req.headers.authorization);
      const log: Served = { method: request.method, path: request.path, answeredBy: 'NONE', body };
      if (request.contentType !== undefined) log.contentType = request.contentType;
      const sent = /^\s*(\w+)/.exec(req.headers.authorization ?? '')?.[1];
      if (sent) log.authorization = `${sent} username="${user ?? ''}"`;
      served.push(log);
      let found: ReturnType<typeof answer>;
      const authorised = scheme === undefined || (req.headers.authorization ?? '').toLowerCase().startsWith(`${scheme} `);
      if (challenge && !authorised) found = answer(request, undefined) ?? { fixture: challenge, by: 'challenge' };
      else found = answer(request, user);
      if (!found) {
        failures.push(`no recorded answer for ${keyOf(request, user)}`);
        res.writeHead(599, 'Not Recorded', { 'Content-Type': 'text/plain' }).end('no recorded answer');
        return;
      }
      log.answeredBy = found.by;
      const { response } = found.fixture;
      const headers: [string, string][] = response.rawHeaders.filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase()));
      const edit = options.edits?.[found.fixture.name.slice(0, 3)];
      const recorded = found.body ?? response.body;
      const text = edit ? edit(recorded) : recorded;
      res.writeHead(found.body !== undefined ? 207 : response.status, response.statusText, [
        ...headers.flat(),
        'Content-Length',
        String(Buffer.byteLength(text)),
      ]);
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    served,
    failures,
    writes: () => served.filter((s) => WRITES.has(s.method)),
    advanceTo: (trace) => {
      const write = entries.find((e) => e.write && (e.fixture.name === trace || e.fixture.name.startsWith(`${trace}-`)));
      if (!write || write.index < state) throw new Error(`no later recorded write ${trace} to move to`);
      state = write.index;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
