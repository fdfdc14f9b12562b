// The `sharedeck` command line: the same SharingService the desktop app uses, for one account
// given on the command line. See `sharedeck --help`.

import type { Readable, Writable } from 'node:stream';
import { SharedeckError, exitCodeFor, isSharedeckError } from '../../shared/errors';
import { KIND_LABELS, counted, directoryName, leftOutSentence, notAppliedSentence, shareOutcome } from '../../shared/format';
import { inert } from '../../shared/inert-text';
import type {
  Account,
  Collection,
  Invitation,
  PeopleActionResult,
  PersonAccess,
  ShareReply,
  ShareResult,
  SkippedEntry,
} from '../../shared/model';
import { exportPeople, findPerson, peopleToCsv } from '../../shared/people';
import { displayPath, sameCollection } from '../../shared/urls';
import { preferredShareDialect } from '../dav/dialects';
import { normaliseAddress, principalNamed } from '../dav/identity';
import { MemorySecretStore } from '../service/secret-store';
import { MemoryAccountStore } from '../service/account-store';
import { FileDiscoveryCache, userCacheFolder } from '../service/discovery-cache';
import { COMMANDS, USAGE, UsageError, parseCommandLine, type ParsedArgs } from './args';
import {
  formatCollection,
  formatCollections,
  formatInvitations,
  formatOutcomes,
  formatPeople,
  formatPrincipals,
  formatReplies,
  invitationShortId,
} from './output';
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
  out: (lines: readonly string[]) => void;
  warn: (message: string, details?: readonly string[]) => void;
  /** Standard output as it is (the CSV export ends its own lines). */
  write: (text: string) => void;
}

/** Runs one command line; resolves to the exit code. Never rejects. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // The output boundary: every line, ours or quoting a server, goes through inert() on its way out.
  const out = (lines: readonly string[]) => io.stdout.write(`${lines.map(inert).join('\n')}\n`);
  const warn = (message: string, details: readonly string[] = []) =>
    io.stderr.write(`${[`sharedeck: ${message}`, ...details].map(inert).join('\n')}\n`);
  try {
    const args = parseCommandLine(argv);
    if (args.command === 'help') {
      out(USAGE.split('\n'));
      return 0;
    }
    const password = await readPassword(io, inert(`Password for ${args.user}: `));
    if (password === '') throw new UsageError('No password given. Set SHAREDECK_PASSWORD, or type it when asked.');
    const service = createSharingService({
      accounts: new MemoryAccountStore(),
      secrets: new MemorySecretStore(),
      ...(args.timeoutSeconds === undefined ? {} : { http: { timeoutMs: args.timeoutSeconds * 1000 } }),
      // What discovery found on an earlier run: a command then sends only its own requests.
      ...(args.noCache ? {} : { discoveryCache: new FileDiscoveryCache(userCacheFolder(io.env)) }),
    });
    const account = await service.addAccount({
      serverUrl: args.server,
      username: args.user,
      password,
      folders: args.folders,
      approvedOrigins: args.trustedOrigins,
      collections: args.collections,
    });
    return await dispatch({ args, service, account, out, warn, write: (text) => io.stdout.write(text) });
  } catch (e) {
    if (e instanceof UsageError) {
      warn(e.message, e.details);
      return 1;
    }
    if (e instanceof PromptCancelled) return 130;
    if (isSharedeckError(e)) {
      warn(e.origin === undefined ? e.message : `${e.message} To allow it, add --trust-origin ${e.origin} to the command line.`);
      return exitCodeFor(e.code);
    }
    warn(`unexpected error: ${e instanceof Error ? e.message : String(e)}`);
    return 4;
  }
}

function print(run: Run, value: unknown, human: () => string[]): void {
  run.out(run.args.json ? JSON.stringify(value, null, 2).split('\n') : human());
}

/** Prints a list (its items only, with --json) and one warning per entry the server listed that was left out. */
function printList<T>(
  run: Run,
  list: { skipped: readonly SkippedEntry[] },
  items: T,
  human: (items: T) => string[],
  before: string[] = [],
) {
  print(run, items, () => [...before, ...human(items)]);
  warnSkipped(run, list.skipped);
}

/**
 * Prints a write's result: what took, in words that say whether the server shares at once or by
 * invitation, then the collection; every change the server did not apply is a warning, and makes
 * the exit code 3.
 */
function printShare(run: Run, result: ShareResult, action: 'invite' | 'access' | 'revoke'): number {
  const outcome = shareOutcome(result, action);
  print(run, result, () => [...outcome, ...(outcome.length > 0 ? [''] : []), ...formatCollection(result.collection)]);
  for (const n of result.notApplied) run.warn(notAppliedSentence(n));
  return result.notApplied.length === 0 ? 0 : 3;
}

async function dispatch(run: Run): Promise<number> {
  const { args, service, account } = run;
  const [first = '', ...rest] = args.operands;
  const id = account.id;
  switch (args.command) {
    case 'ls': {
      const list = await service.listCollections(id);
      printList(run, list, list.collections, formatCollections);
      return 0;
    }
    case 'show': {
      const c = await service.getCollection(id, await collectionUrl(run, first));
      print(run, c, () => formatCollection(c));
      return 0;
    }
    case 'invite': {
      const url = await collectionUrl(run, first);
      const sharees = await Promise.all(rest.map(async (a) => ({ ...(await shareeAddress(run, a)), access: args.access ?? 'read' })));
      const request = {
        sharees,
        ...(args.comment === undefined ? {} : { comment: args.comment }),
        ...(args.dialect ? { dialect: args.dialect } : {}),
      };
      return printShare(run, await service.share(id, url, request), 'invite');
    }
    case 'access': {
      if (args.everywhere) {
        const level = rest[0] === 'read-write' ? 'read-write' : 'read';
        return printBulk(run, await service.setAccessEverywhere(id, [first], level));
      }
      const level = rest[1] === 'read-write' ? 'read-write' : 'read';
      return printShare(run, await service.setAccess(id, await collectionUrl(run, first), rest[0] ?? '', level, args.dialect), 'access');
    }
    case 'revoke':
      if (args.everywhere) return printBulk(run, await service.revokeEverywhere(id, args.operands));
      return printShare(run, await service.revoke(id, await collectionUrl(run, first), rest, args.dialect), 'revoke');
    case 'people': {
      const { people, skipped } = await service.listPeople(id);
      const shown = first === '' ? people : await onePerson(run, people, first);
      if (args.csv) run.write(peopleToCsv(shown, { [id]: account.label }));
      else print(run, exportPeople(shown), () => formatPeople(shown));
      warnSkipped(run, skipped);
      return 0;
    }
    case 'grant': {
      const { address } = await shareeAddress(run, first);
      const urls = await Promise.all(rest.map((c) => collectionUrl(run, c)));
      const options = args.comment === undefined ? {} : { comment: args.comment };
      return printBulk(run, await service.grantAccess(id, address, urls, args.access ?? 'read', options));
    }
    case 'invites': {
      const list = await service.listInvitations(id);
      printList(run, list, list.invitations, formatInvitations);
      return 0;
    }
    case 'accept': {
      const result = await service.acceptInvitation(id, await invitationId(run, first), replyOptions(args));
      print(run, result, () =>
        result.collection
          ? [`Accepted. It is now at ${result.url}`, '', ...formatCollection(result.collection)]
          : [`Accepted. ${result.url ? `It is at ${result.url}` : 'It appears in your list.'}`],
      );
      return 0;
    }
    case 'decline': {
      const left = await service.declineInvitation(id, await invitationId(run, first), replyOptions(args));
      printList(run, left, left.invitations, formatInvitations, ['Declined.', '']);
      return 0;
    }
    case 'dismiss': {
      const ref = await notificationRef(run, first);
      if (ref.kind === 'answer') {
        const [left, named] = await Promise.all([service.dismissReply(id, ref.id), collectionNames(run)]);
        printList(run, left, left.replies, (list) => formatReplies(list, named), ['Dismissed.', '']);
        return 0;
      }
      const left = await service.dismissInvitation(id, ref.id);
      printList(run, left, left.invitations, formatInvitations, ['Dismissed.', '']);
      return 0;
    }
    case 'replies':
      return printReplies(run, first === '' ? undefined : await collectionUrl(run, first));
    case 'leave': {
      const url = await collectionUrl(run, first);
      const list = await service.leaveShare(id, url);
      printList(run, list, list.collections, formatCollections, ['Left the share.', '']);
      return 0;
    }
    case 'search': {
      const found = await service.searchPrincipals(id, args.operands.join(' '));
      printList(run, found, found.principals, formatPrincipals);
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
      run.out(USAGE.split('\n'));
      return 0;
  }
}

/** The account's collections by URL, to name the collection each answer is about. */
async function collectionNames(run: Run): Promise<(url: string) => string | undefined> {
  const { collections } = await run.service.listCollections(run.account.id);
  return (url) => collections.find((c) => sameCollection(c.url, url))?.name;
}

/**
 * The answers to the account's invitations (`about`: those about one collection); with
 * --dismiss, each one shown is then dismissed, which deletes it on the server.
 */
async function printReplies(run: Run, about: string | undefined): Promise<number> {
  const [list, named] = await Promise.all([run.service.listReplies(run.account.id), collectionNames(run)]);
  const collection = about === undefined ? undefined : absoluteUrl(run, about);
  const shown = collection === undefined ? list.replies : list.replies.filter((r) => sameCollection(r.collectionUrl, collection));
  let skipped = list.skipped;
  if (run.args.dismiss) {
    for (const r of shown) skipped = (await run.service.dismissReply(run.account.id, r.id)).skipped;
  }
  const done = run.args.dismiss && shown.length > 0 ? ['', `Dismissed ${counted(shown.length, 'answer')}.`] : [];
  print(run, shown, () => [...formatReplies(shown, named), ...done]);
  warnSkipped(run, skipped);
  return 0;
}

/** Prints a bulk action's outcomes; anything not done, or an address that named nobody, makes the exit code 3. */
function printBulk(run: Run, result: PeopleActionResult): number {
  print(run, { ...result, people: exportPeople(result.people) }, () => formatOutcomes(result.outcomes));
  for (const a of result.notFound) run.warn(`${a} has no access to any collection of this account.`);
  for (const o of result.outcomes) {
    if (o.result === 'not-applied') run.warn(`the server did not apply the change on “${o.collectionName}”.`);
    if (o.result === 'failed') run.warn(o.error?.message ?? `the change on “${o.collectionName}” failed.`);
  }
  warnSkipped(run, result.skipped);
  return result.notFound.length > 0 || result.outcomes.some((o) => o.result !== 'done') ? 3 : 0;
}

/** One warning per entry a server listed that was left out (the command still succeeds). */
function warnSkipped(run: Run, skipped: readonly SkippedEntry[]): void {
  for (const s of skipped) run.warn(leftOutSentence(s));
}

/** The one person `typed` names among `people`: the same address or principal, or the directory's principal of that name. */
async function onePerson(run: Run, people: readonly PersonAccess[], typed: string): Promise<PersonAccess[]> {
  const forms =
    typed.includes('@') || typed.includes(':') || typed.includes('/') ? [normaliseAddress(typed)] : await directoryForms(run, typed);
  const found = forms.map((f) => findPerson(people, f.startsWith('/') ? new URL(f, run.account.serverUrl).href : f)).find((p) => p);
  if (!found) throw new SharedeckError('not-found', `${typed} has no access to any collection of this account.`);
  return [found];
}

/** The addresses of the principal the directory calls `name` (its id or display name). */
async function directoryForms(run: Run, name: string): Promise<string[]> {
  const found = (await run.service.searchPrincipals(run.account.id, name)).principals.filter((p) => principalNamed(p, name));
  if (found.length > 1)
    throw new UsageError(
      `“${name}” matches several people; use one of these addresses:`,
      found.map((p) => `  ${p.address}  (${p.name})`),
    );
  return found.flatMap((p) => [p.url, ...p.addresses]);
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

/** A URL or a path as typed, made absolute against the account's server (as typed when it is no URL: the call then says so). */
function absoluteUrl(run: Run, ref: string): string {
  try {
    return new URL(ref, run.account.serverUrl).href;
  } catch {
    return ref;
  }
}

function looksLikeUrl(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || ref.startsWith('/');
}

/** A collection given as URL, path, or a display name unique in the account. */
async function collectionUrl(run: Run, ref: string): Promise<string> {
  if (looksLikeUrl(ref)) return ref;
  const all = (await run.service.listCollections(run.account.id)).collections;
  const exact = all.filter((c) => c.name === ref);
  const matches = exact.length > 0 ? exact : all.filter((c) => c.name.toLowerCase() === ref.toLowerCase());
  const [only, ...others] = matches;
  if (!only) throw new SharedeckError('not-found', `No calendar, address book or folder is called “${ref}”. Run sharedeck ls to see them.`);
  if (others.length > 0) throw new UsageError(`Several collections are called “${ref}”; name one by its path:`, matches.map(pathLine));
  return only.url;
}

function pathLine(c: Collection): string {
  return `  ${displayPath(c.url)}  (${KIND_LABELS[c.kind]})`;
}

/** An address as typed; a bare user name is looked up in the directory (with the name it gives, to send along). */
async function shareeAddress(run: Run, typed: string): Promise<{ address: string; name?: string }> {
  if (typed.includes('@') || typed.includes(':') || typed.includes('/')) return { address: typed };
  const found = (await run.service.searchPrincipals(run.account.id, typed)).principals;
  const matches = found.filter((p) => principalNamed(p, typed));
  const [only, ...others] = matches.length > 0 ? matches : found;
  if (!only) {
    // Where the server shares only with its own users and groups (Nextcloud), an e-mail address
    // helps only if one of them has it.
    const hint = preferredShareDialect(run.account.dialects)?.onlyOwnUsers
      ? 'This server shares only with its own users and groups; search for part of their name, or give the e-mail address of their account.'
      : 'Use their e-mail address.';
    throw new SharedeckError('unknown-sharee', `Nobody called “${typed}” is in the server’s directory. ${hint}`);
  }
  if (others.length > 0) {
    throw new UsageError(
      `“${typed}” matches several people; use one of these addresses:`,
      [only, ...others].map((p) => `  ${p.address}  (${p.name})`),
    );
  }
  const name = directoryName(only);
  return name === undefined ? { address: only.address } : { address: only.address, name };
}

/**
 * What `dismiss` names: an invitation by its ID (as `invites` shows it) or URL, or an answer to one
 * of the account's invitations by its ID (as `replies` shows it) or URL, or a pending invitation by
 * its collection's name. The inbox holds both; invitations are looked for first.
 */
async function notificationRef(run: Run, ref: string): Promise<{ kind: 'invitation' | 'answer'; id: string }> {
  const answerOf = async (match: (r: ShareReply) => boolean) => (await run.service.listReplies(run.account.id)).replies.find(match);
  if (looksLikeUrl(ref)) {
    const url = absoluteUrl(run, ref);
    const answer = await answerOf((r) => sameCollection(r.id, url));
    return answer ? { kind: 'answer', id: answer.id } : { kind: 'invitation', id: ref };
  }
  const wanted = ref.replace(/\.xml$/i, '');
  const invitations = (await run.service.listInvitations(run.account.id)).invitations;
  if (!invitations.some((i) => invitationShortId(i) === wanted)) {
    const answer = await answerOf((r) => invitationShortId(r) === wanted);
    if (answer) return { kind: 'answer', id: answer.id };
  }
  return { kind: 'invitation', id: pickInvitation(invitations, ref, true) };
}

/** An invitation given as its ID (as `invites` shows it), its URL, or its collection's name. */
async function invitationId(run: Run, ref: string): Promise<string> {
  if (looksLikeUrl(ref)) return ref;
  return pickInvitation((await run.service.listInvitations(run.account.id)).invitations, ref);
}

/** `orAnswer`: the ID may also have been an answer's (dismiss), so the sentence points at both lists. */
function pickInvitation(list: readonly Invitation[], ref: string, orAnswer = false): string {
  const wanted = ref.replace(/\.xml$/i, '');
  const byId = list.filter((i) => invitationShortId(i) === wanted);
  const byName = (): Invitation[] => list.filter((i) => i.collectionName === ref && i.state === 'pending');
  const matches = byId.length > 0 ? byId : byName();
  const [only, ...others] = matches;
  if (!only) {
    throw new SharedeckError(
      'not-found',
      orAnswer
        ? `There is no invitation or answer “${ref}”. Run sharedeck invites or sharedeck replies to see them.`
        : `There is no invitation “${ref}”. Run sharedeck invites to see them.`,
    );
  }
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
