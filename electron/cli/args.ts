// Command-line parsing for `sharedeck`: global options anywhere on the line, one command, its
// operands and its own flags. Usage mistakes become UsageError (exit code 1).

import { parseArgs } from 'node:util';
import { isAccess, type Access, type Dialect } from '../../shared/model';

export class UsageError extends Error {
  override name = 'UsageError';

  /** Lines printed below the message, e.g. the candidates when a name is ambiguous. */
  constructor(
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

export const COMMANDS = {
  ls: { operands: [0, 0], usage: 'ls' },
  show: { operands: [1, 1], usage: 'show COLLECTION' },
  invite: { operands: [2, Infinity], usage: 'invite COLLECTION ADDRESS... [--read | --read-write] [--comment TEXT]' },
  access: { operands: [3, 3], usage: 'access COLLECTION ADDRESS read|read-write' },
  revoke: { operands: [2, Infinity], usage: 'revoke COLLECTION ADDRESS...' },
  people: { operands: [0, 1], usage: 'people [ADDRESS] [--csv]' },
  grant: { operands: [2, Infinity], usage: 'grant ADDRESS COLLECTION... [--read | --read-write] [--comment TEXT]' },
  invites: { operands: [0, 0], usage: 'invites' },
  replies: { operands: [0, 1], usage: 'replies [COLLECTION] [--dismiss]' },
  accept: { operands: [1, 1], usage: 'accept INVITATION [--comment TEXT]' },
  decline: { operands: [1, 1], usage: 'decline INVITATION [--comment TEXT]' },
  dismiss: { operands: [1, 1], usage: 'dismiss INVITATION|ANSWER' },
  leave: { operands: [1, 1], usage: 'leave COLLECTION' },
  search: { operands: [1, Infinity], usage: 'search TEXT' },
  publish: { operands: [1, 1], usage: 'publish COLLECTION' },
  unpublish: { operands: [1, 1], usage: 'unpublish COLLECTION' },
} as const;

/** The forms of access and revoke that act on people across the account. */
const EVERYWHERE = {
  access: { operands: [2, 2], usage: 'access --everywhere ADDRESS read|read-write' },
  revoke: { operands: [1, Infinity], usage: 'revoke --everywhere ADDRESS...' },
} as const;

export type Command = keyof typeof COMMANDS;

export interface ParsedArgs {
  command: Command | 'help';
  operands: string[];
  server: string;
  user: string;
  folders: string[];
  /** Other servers the password may go to (--trust-origin). */
  trustedOrigins: string[];
  /** Collections added by URL (listed themselves). */
  collections: string[];
  json: boolean;
  /** people: comma-separated values for an access review. */
  csv: boolean;
  /** access and revoke: on every collection of the account (their operands are then people). */
  everywhere: boolean;
  /** --no-cache: discover the account now, neither reading nor writing what earlier runs found. */
  noCache: boolean;
  /** replies: dismiss every answer listed (deleted on the server), after printing them. */
  dismiss: boolean;
  dialect?: Dialect;
  access?: Access;
  comment?: string;
  timeoutSeconds?: number;
}

export const USAGE = `Usage: sharedeck --server URL --user NAME [--folder URL]... [--collection URL]... [--trust-origin ORIGIN]... <command> [--json]

Manage who your calendars, address books and folders on a CalDAV / CardDAV / WebDAV
server are shared with. The password comes from SHAREDECK_PASSWORD, or is asked for.

Commands:
${[...Object.values(COMMANDS), ...Object.values(EVERYWHERE)].map((c) => `  ${c.usage}`).join('\n')}

COLLECTION is a URL, a path, or a display name that is unique in the account.
people lists everyone who can reach your collections, by share or ACL grant (one person, or all);
revoke --everywhere and access --everywhere act on those people on every collection of the
account; grant gives one person access to several collections at once.
INVITATION is the ID that \`invites\` shows (or the invitation's URL).
replies lists the answers people gave to your invitations (who accepted or declined what, when,
with their message), all or those about one collection; ANSWER is the ID it shows: dismiss
deletes that answer on the server (replies --dismiss: every answer it lists).
ADDRESS is an e-mail address, a principal URL, or a user name found in the directory;
DAV:all, DAV:authenticated and DAV:unauthenticated name grants to everyone.

Options:
  --server URL        the server (a URL, or just the host name)
  --user NAME         your user name on it
  --folder URL        a WebDAV folder whose subfolders are listed too (repeatable)
  --trust-origin ORIGIN
                      let the password go to this other server too (e.g. https://p42-caldav.icloud.com),
                      where your server hands out addresses there (repeatable); without it,
                      Sharedeck sends the password only to the server the account was found on
  --collection URL    a calendar, address book or folder to list although the server does not
                      advertise it, e.g. one granted to you by ACL (repeatable)
  --json              print the result as JSON
  --csv               people: print comma-separated values (one row per person and collection)
  --everywhere        access, revoke: on every collection of the account
  --dismiss           replies: dismiss the answers listed, once shown
  --dialect NAME      force a sharing route: dav, cs, oc, or acl for a direct grant in the
                      collection's access control list (default: what the server prefers)
  --timeout SECONDS   the most the whole command may take, every request included (default 60)
  --no-cache          find the account on the server again, without what earlier runs remembered
                      of it (kept in $XDG_CACHE_HOME/sharedeck or ~/.cache/sharedeck; never a
                      password)
  -h, --help          this help

Exit codes: 0 done, 1 usage, 2 authentication, 3 not found or forbidden, 4 network or server error.`;

export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        server: { type: 'string' },
        user: { type: 'string' },
        folder: { type: 'string', multiple: true },
        'trust-origin': { type: 'string', multiple: true },
        collection: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        csv: { type: 'boolean' },
        everywhere: { type: 'boolean' },
        dialect: { type: 'string' },
        read: { type: 'boolean' },
        'read-write': { type: 'boolean' },
        comment: { type: 'string' },
        timeout: { type: 'string' },
        'no-cache': { type: 'boolean' },
        dismiss: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        password: { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.replace(/\. To specify.*$/s, '.') : String(e));
  }
  const { values, positionals } = parsed;
  if (values.password !== undefined) {
    throw new UsageError(
      'The password is never taken from a flag (it would end up in your shell history). Set SHAREDECK_PASSWORD, or let sharedeck ask for it.',
    );
  }
  const [name, ...operands] = positionals;
  if (values.help || name === undefined || name === 'help') {
    return {
      command: 'help',
      operands: [],
      server: '',
      user: '',
      folders: [],
      trustedOrigins: [],
      collections: [],
      json: false,
      csv: false,
      everywhere: false,
      noCache: false,
      dismiss: false,
    };
  }
  if (!(name in COMMANDS)) throw new UsageError(`Unknown command “${name}”. Run sharedeck --help for the list.`);
  const command = name as Command;
  if (values.everywhere && command !== 'access' && command !== 'revoke') {
    throw new UsageError('--everywhere belongs to access and revoke: sharedeck revoke --everywhere ADDRESS...');
  }
  const spec = values.everywhere && (command === 'access' || command === 'revoke') ? EVERYWHERE[command] : COMMANDS[command];
  if (operands.length < spec.operands[0] || operands.length > spec.operands[1]) {
    throw new UsageError(`Usage: sharedeck ${spec.usage}`);
  }
  if (!values.server) throw new UsageError('Give the server with --server URL.');
  if (!values.user) throw new UsageError('Give your user name with --user NAME.');

  const out: ParsedArgs = {
    command,
    operands,
    server: values.server,
    user: values.user,
    folders: values.folder ?? [],
    trustedOrigins: values['trust-origin'] ?? [],
    collections: values.collection ?? [],
    json: values.json ?? false,
    csv: values.csv ?? false,
    everywhere: values.everywhere ?? false,
    noCache: values['no-cache'] ?? false,
    dismiss: values.dismiss ?? false,
  };
  if (out.dismiss && command !== 'replies') {
    throw new UsageError('--dismiss belongs to replies: sharedeck replies [COLLECTION] --dismiss (or sharedeck dismiss ID for one).');
  }
  if (out.csv && command !== 'people') throw new UsageError('--csv belongs to people: sharedeck people --csv');
  if (out.csv && out.json) throw new UsageError('Give either --json or --csv, not both.');
  if (values.dialect !== undefined) {
    if (values.dialect !== 'dav' && values.dialect !== 'cs' && values.dialect !== 'oc' && values.dialect !== 'acl') {
      throw new UsageError('--dialect must be dav, cs, oc or acl.');
    }
    out.dialect = values.dialect;
  }
  if (values.read && values['read-write']) throw new UsageError('Give either --read or --read-write, not both.');
  if ((values.read || values['read-write']) && command !== 'invite' && command !== 'grant') {
    throw new UsageError(
      '--read and --read-write belong to invite and grant; to change access use: sharedeck access COLLECTION ADDRESS read|read-write',
    );
  }
  if (values['read-write']) out.access = 'read-write';
  else if (values.read) out.access = 'read';
  if (values.comment !== undefined) {
    if (command !== 'invite' && command !== 'grant' && command !== 'accept' && command !== 'decline')
      throw new UsageError('--comment belongs to invite, grant, accept and decline.');
    out.comment = values.comment;
  }
  if (command === 'access') {
    const level = operands[out.everywhere ? 1 : 2];
    if (!isAccess(level)) throw new UsageError('The access must be read or read-write.');
  }
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600)
      throw new UsageError('--timeout takes a number of seconds between 0 and 3600.');
    out.timeoutSeconds = seconds;
  }
  return out;
}
