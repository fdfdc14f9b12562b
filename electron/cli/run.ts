// The `sharedeck` command line: the same SharingService the desktop app uses, for one account
// given on the command line. See `sharedeck --help`.

import type { Readable, Writable } from 'node:stream';
import { SharedeckError, exitCodeFor, isSharedeckError } from '../../shared/errors';
import { KIND_LABELS } from '../../shared/format';
import type { Account, Collection, Invitation, ShareResult } from '../../shared/model';
import { MemorySecretStore } from '../service/secret-store';
import { MemoryAccountStore } from '../service/account-store';
import { COMMANDS, USAGE, UsageError, parseCommandLine, type ParsedArgs } from './args';
import { formatCollection, formatCollections, formatInvitations, formatPrincipals, invitationShortId } from './output';
import { PromptCancelled, readPassword } from './password';
import { createSharingService, type SharingServiceApi } from '../service/sharing-service';

export interface CliIo {
  env: Record<string, string | undefined>;
  stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stdout: Writable;
  stderr: Writable;
}

interface Run {
  args: ParsedArgs;
  service: SharingServiceApi;
  account: Account;
  out: (text: string) => void;
  warn: (text: string) => void;
}

/** Runs one command line; resolves to the exit code. Never rejects. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const out = (text: string) => io.stdout.write(`${text}\n`);
  const warn = (text: string) => io.stderr.write(`sharedeck: ${text}\n`);
  try {
    const args = parseCommandLine(argv);
    if (args.command === 'help') {
      out(USAGE);
      return 0;
    }
    const password = await readPassword(io, `Password for ${args.user}: `);
    if (password === '') throw new UsageError('No password given. Set SHAREDECK_PASSWORD, or type it when asked.');
    const service = createSharingService({
      accounts: new MemoryAccountStore(),
      secrets: new MemorySecretStore(),
      ...(args.timeoutSeconds === undefined ? {} : { http: { timeoutMs: args.timeoutSeconds * 1000 } }),
    });
    const account = await service.addAccount({
      serverUrl: args.server,
      username: args.user,
      password,
      folders: args.folders,
      approvedOrigins: args.trustedOrigins,
      collections: args.collections,
    });
    return await dispatch({ args, service, account, out, warn });
  } catch (e) {
    if (e instanceof UsageError) {
      warn(e.message);
      return 1;
    }
    if (e instanceof PromptCancelled) return 130;
    if (isSharedeckError(e)) {
      warn(e.origin === undefined ? e.message : `${e.message} To allow it, run the command again with --trust-origin ${e.origin}.`);
      return exitCodeFor(e.code);
    }
    warn(`unexpected error: ${e instanceof Error ? e.message : String(e)}`);
    return 4;
  }
}

function print(run: Run, value: unknown, human: () => string): void {
  run.out(run.args.json ? JSON.stringify(value, null, 2) : human());
}

/** Prints a write's result; addresses the server did not take make the exit code 3. */
function printShare(run: Run, result: ShareResult): number {
  print(run, result, () => formatCollection(result.collection));
  if (result.unresolved.length === 0) return 0;
  run.warn(`the server did not take ${result.unresolved.join(', ')}: it does not know them, or refused them.`);
  return 3;
}

async function dispatch(run: Run): Promise<number> {
  const { args, service, account } = run;
  const [first = '', ...rest] = args.operands;
  const id = account.id;
  switch (args.command) {
    case 'ls': {
      const list = await service.listCollections(id);
      print(run, list, () => formatCollections(list));
      return 0;
    }
    case 'show': {
      const c = await service.getCollection(id, await collectionUrl(run, first));
      print(run, c, () => formatCollection(c));
      return 0;
    }
    case 'invite': {
      const url = await collectionUrl(run, first);
      const sharees = await Promise.all(rest.map(async (a) => ({ address: await shareeAddress(run, a), access: args.access ?? 'read' })));
      const request = {
        sharees,
        ...(args.comment === undefined ? {} : { comment: args.comment }),
        ...(args.dialect ? { dialect: args.dialect } : {}),
      };
      return printShare(run, await service.share(id, url, request));
    }
    case 'access': {
      const level = rest[1] === 'read-write' ? 'read-write' : 'read';
      return printShare(run, await service.setAccess(id, await collectionUrl(run, first), rest[0] ?? '', level, args.dialect));
    }
    case 'revoke':
      return printShare(run, await service.revoke(id, await collectionUrl(run, first), rest, args.dialect));
    case 'invites': {
      const list = await service.listInvitations(id);
      print(run, list, () => formatInvitations(list));
      return 0;
    }
    case 'accept': {
      const result = await service.acceptInvitation(id, await invitationId(run, first), replyOptions(args));
      print(run, result, () =>
        result.collection
          ? `Accepted. It is now at ${result.url}\n\n${formatCollection(result.collection)}`
          : `Accepted. ${result.url ? `It is at ${result.url}` : 'It appears in your list.'}`,
      );
      return 0;
    }
    case 'decline': {
      const left = await service.declineInvitation(id, await invitationId(run, first), replyOptions(args));
      print(run, left, () => `Declined.\n\n${formatInvitations(left)}`);
      return 0;
    }
    case 'dismiss': {
      const left = await service.dismissInvitation(id, await invitationId(run, first));
      print(run, left, () => `Dismissed.\n\n${formatInvitations(left)}`);
      return 0;
    }
    case 'leave': {
      const url = await collectionUrl(run, first);
      const list = await service.leaveShare(id, url);
      print(run, list, () => `Left the share.\n\n${formatCollections(list)}`);
      return 0;
    }
    case 'search': {
      const found = await service.searchPrincipals(id, args.operands.join(' '));
      print(run, found, () => formatPrincipals(found));
      return 0;
    }
    case 'publish':
    case 'unpublish': {
      const url = await collectionUrl(run, first);
      const c = args.command === 'publish' ? await service.publish(id, url) : await service.unpublish(id, url);
      print(run, c, () => formatCollection(c));
      return 0;
    }
    case 'help':
      run.out(USAGE);
      return 0;
  }
}

function replyOptions(args: ParsedArgs): { comment?: string; dialect?: 'dav' | 'cs' } {
  const options: { comment?: string; dialect?: 'dav' | 'cs' } = {};
  if (args.comment !== undefined) options.comment = args.comment;
  if (args.dialect === 'oc') throw new UsageError('Nextcloud shares need no answer: they appear in your list at once.');
  if (args.dialect === 'acl')
    throw new UsageError('Access granted by ACL needs no answer: add the collection with --collection URL to see it.');
  if (args.dialect) options.dialect = args.dialect;
  return options;
}

function looksLikeUrl(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || ref.startsWith('/');
}

/** A collection given as URL, path, or a display name unique in the account. */
async function collectionUrl(run: Run, ref: string): Promise<string> {
  if (looksLikeUrl(ref)) return ref;
  const all = await run.service.listCollections(run.account.id);
  const exact = all.filter((c) => c.name === ref);
  const matches = exact.length > 0 ? exact : all.filter((c) => c.name.toLowerCase() === ref.toLowerCase());
  const [only, ...others] = matches;
  if (!only) throw new SharedeckError('not-found', `No calendar, address book or folder is called “${ref}”. Run sharedeck ls to see them.`);
  if (others.length > 0)
    throw new UsageError(`Several collections are called “${ref}”; name one by its path:\n${matches.map(pathLine).join('\n')}`);
  return only.url;
}

function pathLine(c: Collection): string {
  return `  ${new URL(c.url).pathname}  (${KIND_LABELS[c.kind]})`;
}

/** An address as typed; a bare user name is looked up in the directory. */
async function shareeAddress(run: Run, typed: string): Promise<string> {
  if (typed.includes('@') || typed.includes(':') || typed.includes('/')) return typed;
  const found = await run.service.searchPrincipals(run.account.id, typed);
  const wanted = typed.toLowerCase();
  const matches = found.filter(
    (p) =>
      p.name.toLowerCase() === wanted ||
      decodeURIComponent(new URL(p.url).pathname).replace(/\/+$/, '').split('/').pop()?.toLowerCase() === wanted,
  );
  const [only, ...others] = matches.length > 0 ? matches : found;
  if (!only) throw new SharedeckError('unknown-sharee', `Nobody called “${typed}” is in the server’s directory. Use their e-mail address.`);
  if (others.length > 0) {
    throw new UsageError(
      `“${typed}” matches several people; use one of these addresses:\n${[only, ...others].map((p) => `  ${p.address}  (${p.name})`).join('\n')}`,
    );
  }
  return only.address;
}

/** An invitation given as its ID (as `invites` shows it), its URL, or its collection's name. */
async function invitationId(run: Run, ref: string): Promise<string> {
  if (looksLikeUrl(ref)) return ref;
  const list = await run.service.listInvitations(run.account.id);
  const wanted = ref.replace(/\.xml$/i, '');
  const byId = list.filter((i) => invitationShortId(i) === wanted);
  const byName = (): Invitation[] => list.filter((i) => i.collectionName === ref && i.state === 'pending');
  const matches = byId.length > 0 ? byId : byName();
  const [only, ...others] = matches;
  if (!only) throw new SharedeckError('not-found', `There is no invitation “${ref}”. Run sharedeck invites to see them.`);
  if (others.length > 0) throw new UsageError(`Several invitations match “${ref}”; use the ID from sharedeck invites.`);
  return only.id;
}

/** Entry point of bin/sharedeck.mjs. */
export async function main(): Promise<number> {
  return runCli(process.argv.slice(2), {
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  });
}

export const commandNames = Object.keys(COMMANDS);
