// Runtime schemas of every SharingApi call's arguments. Both shells that take calls from a
// renderer (Electron IPC, browser-mode HTTP) validate with these before anything reaches the
// engine, so a compromised or buggy renderer can send nothing the contract does not allow.

import { z } from 'zod';
import type { SharingApiMethod } from './api';

const id = z.string().min(1).max(200);
const url = z.string().min(1).max(4096);
const address = z.string().trim().min(1).max(512);
const access = z.enum(['read', 'read-write']);
const dialect = z.enum(['dav', 'cs', 'oc']);
const replyDialect = z.enum(['dav', 'cs']);
const comment = z.string().max(2000);
const origins = z.array(z.string().trim().min(1).max(2048)).max(50);

const newAccount = z
  .object({
    serverUrl: z.string().trim().min(1).max(2048),
    username: z.string().min(1).max(256),
    password: z.string().min(1).max(1024),
    label: z.string().max(200).optional(),
    folders: z.array(url).max(100).optional(),
    progressId: z.string().max(100).optional(),
    approvedOrigins: origins.optional(),
  })
  .strict();

const accountChanges = z
  .object({
    label: z.string().trim().min(1).max(200).optional(),
    folders: z.array(url).max(100).optional(),
    password: z.string().min(1).max(1024).optional(),
    approvedOrigins: origins.optional(),
  })
  .strict();

const shareRequest = z
  .object({
    sharees: z
      .array(z.object({ address, access, name: z.string().max(256).optional() }).strict())
      .min(1)
      .max(100),
    comment: comment.optional(),
    dialect: dialect.optional(),
  })
  .strict();

const replyOptions = z.object({ comment: comment.optional(), dialect: replyDialect.optional() }).strict();

/** Argument tuples by method. */
export const API_ARGUMENTS = {
  listAccounts: z.tuple([]),
  addAccount: z.tuple([newAccount]),
  updateAccount: z.tuple([id, accountChanges]),
  removeAccount: z.tuple([id]),
  listCollections: z.tuple([id]),
  getCollection: z.tuple([id, url]),
  share: z.tuple([id, url, shareRequest]),
  setAccess: z.tuple([id, url, address, access, dialect.optional()]),
  revoke: z.tuple([id, url, z.array(address).min(1).max(100), dialect.optional()]),
  listInvitations: z.tuple([id]),
  acceptInvitation: z.tuple([id, url, replyOptions.optional()]),
  declineInvitation: z.tuple([id, url, replyOptions.optional()]),
  dismissInvitation: z.tuple([id, url]),
  leaveShare: z.tuple([id, url]),
  searchPrincipals: z.tuple([id, z.string().max(200)]),
  publish: z.tuple([id, url]),
  unpublish: z.tuple([id, url]),
} satisfies Record<SharingApiMethod, z.ZodType>;

export type ApiArguments<M extends SharingApiMethod> = z.infer<(typeof API_ARGUMENTS)[M]>;

/** Validates one call's arguments; undefined trailing optionals are allowed to be left out. */
export function parseArguments<M extends SharingApiMethod>(
  method: M,
  args: unknown,
): { ok: true; args: ApiArguments<M> } | { ok: false; message: string } {
  if (!Array.isArray(args)) return { ok: false, message: 'The call’s arguments must be a list.' };
  const result = API_ARGUMENTS[method].safeParse(args);
  if (result.success) return { ok: true, args: result.data as ApiArguments<M> };
  const issue = result.error.issues[0];
  const where = issue?.path.length ? ` (argument ${issue.path.join('.')})` : '';
  return { ok: false, message: `Invalid request to ${method}${where}: ${issue?.message ?? 'not allowed'}.` };
}
