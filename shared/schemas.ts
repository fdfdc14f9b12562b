// Runtime schemas of every SharingApi call's arguments. The service checks each call with them at
// its boundary (electron/service/validation.ts), whichever way the call came: Electron IPC,
// browser-mode HTTP or the command line, so a compromised or buggy renderer can send nothing the
// contract does not allow, and every shell refuses the same input with the same sentence.
//
// What a person types (server, user name, password, names, addresses, comments) is refused with a
// sentence they can act on; anything else that does not fit is a fault of the caller, and the
// message says which call and argument.

import { z } from 'zod';
import type { SharingApiMethod } from './api';
import { ACCESS_VALUES } from './model';
import { xmlUnsafeMessage } from './xml-text';

/** The sentences of the schemas below: a refusal with one of these is shown as it is. */
const SENTENCES = new Set<string>();

function sentence(text: string): string {
  SENTENCES.add(text);
  return text;
}

/** Issues whose message is a sentence for the person (made per value, so not in SENTENCES). */
const FOR_PERSON = { forPerson: true };

/**
 * Text that goes into a request body: a character XML cannot carry is refused here, where the
 * person typed it, before anything is sent, with a sentence that says which and where.
 */
function carriedByXml<T extends z.ZodType<string>>(schema: T, field: string) {
  return schema.superRefine((text, ctx) => {
    const message = xmlUnsafeMessage(field, text);
    if (message) ctx.addIssue({ code: 'custom', message, params: FOR_PERSON });
  });
}

/** A string a person types: refused, with these sentences, when empty (after trimming) or too long. */
function typed(empty: string, tooLong: string, max: number, { trim = true } = {}) {
  const base = trim ? z.string().trim() : z.string();
  const message = sentence(`${tooLong} (at most ${max.toLocaleString('en-US')} characters).`);
  return base.max(max, message).refine((s) => s.trim() !== '', sentence(empty));
}

const id = z.string().min(1).max(200);
const collection = typed('Name a calendar, address book or folder.', 'That collection address is too long', 4096);
const invitation = typed('Name an invitation.', 'That invitation address is too long', 4096);
const folder = typed('A folder address is empty; enter the folder’s address.', 'That folder address is too long', 4096);
const address = carriedByXml(
  typed('Enter an address (an e-mail address or a principal URL).', 'That address is too long', 512),
  'The address',
);
const access = z.enum(ACCESS_VALUES);
const dialect = z.enum(['dav', 'cs', 'oc', 'acl']);
const replyDialect = z.enum(['dav', 'cs']);
const comment = carriedByXml(z.string().max(2000, sentence('The comment is too long (at most 2,000 characters).')), 'The message');
const folders = z.array(folder).max(100, sentence('Give at most 100 folders.'));
const addedCollections = z.array(collection).max(500, sentence('Add at most 500 collections by their address.'));
const origins = z
  .array(typed('Enter the address of the server to allow.', 'That server address is too long', 2048))
  .max(50, sentence('Allow at most 50 other servers.'));

const newAccount = z
  .object({
    serverUrl: typed('Enter the server address.', 'The server address is too long', 2048),
    username: typed('Enter the user name.', 'The user name is too long', 256),
    password: typed('Enter the password.', 'The password is too long', 1024, { trim: false }),
    label: z.string().max(200, sentence('The account name is too long (at most 200 characters).')).optional(),
    folders: folders.optional(),
    collections: addedCollections.optional(),
    progressId: z.string().max(100).optional(),
    approvedOrigins: origins.optional(),
  })
  .strict();

const accountChanges = z
  .object({
    label: typed('Enter a name for the account.', 'The account name is too long', 200).optional(),
    folders: folders.optional(),
    collections: addedCollections.optional(),
    password: typed('Enter the password.', 'The password is too long', 1024, { trim: false }).optional(),
    approvedOrigins: origins.optional(),
  })
  .strict();

const shareRequest = z
  .object({
    sharees: z
      .array(z.object({ address, access, name: carriedByXml(z.string().max(256), 'The name').optional() }).strict())
      .min(1, sentence('Name at least one person to share with.'))
      .max(100, sentence('Share with at most 100 people at a time.')),
    comment: comment.optional(),
    dialect: dialect.optional(),
  })
  .strict();

const replyOptions = z.object({ comment: comment.optional(), dialect: replyDialect.optional() }).strict();

const revokeList = z
  .array(address)
  .min(1, sentence('Name at least one person to stop sharing with.'))
  .max(100, sentence('Stop sharing with at most 100 people at a time.'));

const bulkOptions = z.object({ progressId: z.string().max(100).optional() }).strict();
const grantOptions = z.object({ progressId: z.string().max(100).optional(), comment: comment.optional() }).strict();
const people = z.array(address).min(1, sentence('Name at least one person.')).max(100, sentence('Name at most 100 people at once.'));
const grantTargets = z
  .array(collection)
  .min(1, sentence('Name at least one collection to give access to.'))
  .max(500, sentence('Name at most 500 collections at once.'));

/** Argument tuples by method. */
export const API_ARGUMENTS = {
  takeNotices: z.tuple([]),
  listAccounts: z.tuple([]),
  addAccount: z.tuple([newAccount]),
  updateAccount: z.tuple([id, accountChanges]),
  removeAccount: z.tuple([id]),
  listCollections: z.tuple([id]),
  getCollection: z.tuple([id, collection]),
  share: z.tuple([id, collection, shareRequest]),
  setAccess: z.tuple([id, collection, address, access, dialect.optional()]),
  revoke: z.tuple([id, collection, revokeList, dialect.optional()]),
  listInvitations: z.tuple([id]),
  acceptInvitation: z.tuple([id, invitation, replyOptions.optional()]),
  declineInvitation: z.tuple([id, invitation, replyOptions.optional()]),
  dismissInvitation: z.tuple([id, invitation]),
  listReplies: z.tuple([id]),
  dismissReply: z.tuple([id, invitation]),
  leaveShare: z.tuple([id, collection]),
  searchPrincipals: z.tuple([
    id,
    carriedByXml(z.string().max(200, sentence('The search text is too long (at most 200 characters).')), 'The search'),
  ]),
  publish: z.tuple([id, collection]),
  unpublish: z.tuple([id, collection]),
  lookupPeople: z.tuple([id, people]),
  listPeople: z.tuple([id]),
  revokeEverywhere: z.tuple([id, people, bulkOptions.optional()]),
  setAccessEverywhere: z.tuple([id, people, access, bulkOptions.optional()]),
  grantAccess: z.tuple([id, address, grantTargets, access, grantOptions.optional()]),
} satisfies Record<SharingApiMethod, z.ZodType>;

export type ApiArguments<M extends SharingApiMethod> = z.infer<(typeof API_ARGUMENTS)[M]>;

/** Validates one call's arguments; undefined trailing optionals are allowed to be left out. */
export function parseArguments<M extends SharingApiMethod>(
  method: M,
  args: unknown,
): { ok: true; args: ApiArguments<M> } | { ok: false; message: string } {
  if (!Array.isArray(args)) return { ok: false, message: `Invalid request to ${method}: the arguments must be a list.` };
  const result = API_ARGUMENTS[method].safeParse(args);
  if (result.success) return { ok: true, args: result.data as ApiArguments<M> };
  const issues = result.error.issues;
  const forPerson = issues.find(
    (i) => SENTENCES.has(i.message) || (i.code === 'custom' && (i as { params?: { forPerson?: boolean } }).params?.forPerson === true),
  );
  if (forPerson) return { ok: false, message: forPerson.message };
  const issue = issues[0];
  const where = issue?.path.length ? ` (argument ${issue.path.join('.')})` : '';
  return { ok: false, message: `Invalid request to ${method}${where}: ${issue?.message ?? 'not allowed'}.` };
}

// ---- what the app keeps on disk ------------------------------------------------------------

const storedUrl = z
  .string()
  .max(4096)
  .refine((u) => /^https?:\/\/[^/]/i.test(u) && URL.canParse(u), 'must be an http(s) URL');

/**
 * An Account as accounts.json holds it. Loose: a field a newer Sharedeck added is kept, not
 * dropped; approvedOrigins defaults to none for files written before it existed.
 */
export const storedAccountSchema = z.looseObject({
  id: z.string().min(1).max(200),
  label: z.string().max(200),
  serverUrl: storedUrl,
  username: z.string().min(1).max(256),
  principalUrl: storedUrl,
  displayName: z.string().max(2000),
  addresses: z.array(z.string().max(2048)).max(1000),
  calendarHomes: z.array(storedUrl).max(100),
  addressbookHomes: z.array(storedUrl).max(100),
  folders: z.array(storedUrl).max(100),
  collections: z.array(storedUrl).max(500).optional(),
  notificationUrl: storedUrl.optional(),
  principalCollectionUrl: storedUrl.optional(),
  principalCollections: z.array(storedUrl).max(100).optional(),
  notificationDialect: replyDialect.optional(),
  capabilities: z.array(z.string().max(200)).max(500),
  dialects: z.array(dialect).max(10),
  approvedOrigins: z.array(storedUrl).max(50).default([]),
});

/** accounts.json: `{ "version": 1, "accounts": [...] }`. */
export const accountsFileSchema = z.object({ version: z.literal(1), accounts: z.array(storedAccountSchema) });

/**
 * What the command line keeps of one discovery (electron/service/discovery-cache.ts): the
 * account's part that discovery finds, and the scheme each origin asked for. Strict: a field it
 * never writes (a password) makes the file no cache at all.
 */
export const discoveryFileSchema = z.strictObject({
  version: z.literal(1),
  server: z.string().max(2048),
  username: z.string().max(256),
  savedAt: z.string().max(64),
  account: z.strictObject({
    ...storedAccountSchema.pick({
      serverUrl: true,
      principalUrl: true,
      displayName: true,
      addresses: true,
      calendarHomes: true,
      addressbookHomes: true,
      notificationUrl: true,
      principalCollectionUrl: true,
      principalCollections: true,
      notificationDialect: true,
      capabilities: true,
      dialects: true,
    }).shape,
    // Discovery leaves the user name to the account (the cache keys by it).
    username: z.literal(''),
  }),
  schemes: z.record(z.string().max(2048), z.enum(['basic', 'digest'])),
});

/** window-state.json: the main window's last size and place. */
export const windowStateFileSchema = z.object({
  x: z.number().optional(),
  y: z.number().optional(),
  width: z.number(),
  height: z.number(),
  maximized: z.boolean(),
});

/** secrets.json: account id → base64 of the OS-encrypted password. */
export const secretsFileSchema = z.object({
  version: z.literal(1),
  secrets: z.record(z.string().max(200), z.string().max(16_384)),
});
