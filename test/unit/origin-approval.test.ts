// The app's question before an account's password goes to another server (renderer/trust.ts),
// over a SharingApi object in place of the engine: every call on an account's data that meets an
// origin approval can allow asks once, remembers a yes with the account and is made again; an
// accept, already done, is not made twice; a no ends in the engine's sentence and is not asked
// again; a step down from https to http is never asked at all.

import { describe, expect, it } from 'vitest';
import type { ACCOUNT_LIST_METHODS, AccountChanges, SharingApiMethod } from '../../shared/api';
import type { SharingClient } from '../../shared/api-client';
import { SharedeckError } from '../../shared/errors';
import type { Account } from '../../shared/model';
import { cyrusAccount } from '../support/dav-fixtures';
import { setOriginApprover, withOriginApproval, type OriginQuestion } from '../../renderer/trust';

const OTHER = 'https://p42.example.net';
const refusal = () =>
  new SharedeckError('untrusted-origin', 'The address is on p42.example.net, which is not this account’s server (127.0.0.1:8580).', {
    origin: OTHER,
  });

/** An engine whose every call meets the other server until the account allows it. */
function engine(account: Account) {
  const calls: string[] = [];
  const updates: AccountChanges[] = [];
  let current = structuredClone(account);
  const api = new Proxy(
    {},
    {
      get: (_, name: string) => {
        if (name === 'withSignal') return () => api;
        return (...args: unknown[]) => {
          calls.push(name);
          if (name === 'listAccounts') return Promise.resolve([structuredClone(current)]);
          if (name === 'updateAccount') {
            const changes = args[1] as AccountChanges;
            updates.push(changes);
            current = { ...current, approvedOrigins: changes.approvedOrigins ?? current.approvedOrigins };
            return Promise.resolve(structuredClone(current));
          }
          return current.approvedOrigins.includes(OTHER) ? Promise.resolve(`${name} done`) : Promise.reject(refusal());
        };
      },
    },
  ) as SharingClient;
  return { api, calls, updates };
}

function approver(answer: boolean): OriginQuestion[] {
  const asked: OriginQuestion[] = [];
  setOriginApprover((q) => {
    asked.push(q);
    return Promise.resolve(answer);
  });
  return asked;
}

/**
 * Every call on one account's data but the accept, with arguments: a method added to the contract
 * does not type-check here until it is decided whether it asks.
 */
type AccountListMethod = (typeof ACCOUNT_LIST_METHODS)[number];

const ACCOUNT_CALLS: Record<Exclude<SharingApiMethod, AccountListMethod | 'takeNotices' | 'acceptInvitation'>, unknown[]> = {
  listCollections: [],
  getCollection: ['https://h/c/'],
  share: ['https://h/c/', { sharees: [] }],
  setAccess: ['https://h/c/', 'mailto:bob@example.com', 'read'],
  revoke: ['https://h/c/', []],
  listInvitations: [],
  declineInvitation: ['i1', {}],
  dismissInvitation: ['i1'],
  listReplies: [],
  dismissReply: ['r1'],
  leaveShare: ['https://h/c/'],
  searchPrincipals: ['bob'],
  lookupPeople: [['mailto:bob@example.com']],
  publish: ['https://h/c/'],
  unpublish: ['https://h/c/'],
  listPeople: [],
  revokeEverywhere: [['mailto:bob@example.com']],
  setAccessEverywhere: [['mailto:bob@example.com'], 'read'],
  grantAccess: ['mailto:bob@example.com', [], 'read'],
};

describe('the question before the password goes to another server', () => {
  it.each(Object.entries(ACCOUNT_CALLS))(
    '%s asks once, naming the other origin; a yes is kept with the account and the call is made again',
    async (method, args) => {
      const account = cyrusAccount('alice');
      const { api, calls, updates } = engine(account);
      const asked = approver(true);
      const call = (withOriginApproval(api) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
      await expect(call(account.id, ...args)).resolves.toBe(`${method} done`);
      expect(asked).toEqual([{ accountId: account.id, origin: OTHER, message: refusal().message }]);
      expect(updates).toEqual([{ approvedOrigins: [OTHER] }]);
      expect(calls.filter((c) => c === method)).toHaveLength(2);
    },
  );

  it('an accept already went through: the origin is allowed, the accept is not made again', async () => {
    const account = cyrusAccount('alice');
    const { api, calls, updates } = engine(account);
    approver(true);
    await expect(withOriginApproval(api).acceptInvitation(account.id, 'i1', {})).rejects.toMatchObject({ code: 'untrusted-origin' });
    expect(updates).toEqual([{ approvedOrigins: [OTHER] }]);
    expect(calls.filter((c) => c === 'acceptInvitation')).toHaveLength(1);
  });

  it('a no ends in the engine’s sentence, and the same account and origin are not asked again', async () => {
    const account = cyrusAccount('alice');
    const { api, updates } = engine(account);
    const asked = approver(false);
    const client = withOriginApproval(api);
    await expect(client.listCollections(account.id)).rejects.toThrow(refusal().message);
    await expect(client.listPeople(account.id)).rejects.toThrow(refusal().message);
    expect(asked).toHaveLength(1);
    expect(updates).toEqual([]);
  });

  it('a step down from https to http carries no origin to allow: never asked', async () => {
    const asked = approver(true);
    const downgrade = new SharedeckError('untrusted-origin', 'The address is on http://h, an unencrypted connection.');
    const api = new Proxy({}, { get: (_, name) => (name === 'withSignal' ? () => api : () => Promise.reject(downgrade)) }) as SharingClient;
    await expect(withOriginApproval(api).listCollections('a1')).rejects.toBe(downgrade);
    expect(asked).toEqual([]);
  });
});
