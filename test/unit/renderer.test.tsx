// @vitest-environment happy-dom
// The window stays usable whatever a server names: a collection whose URL holds a malformed
// percent-escape renders (its panel too), a panel that breaks shows an error with a way back
// instead of a blank window, skipped entries get a quiet note, a principal with direct access is
// named isolated in its row and in what is said after a revoke, a person in the People view's
// dialogs too, and a call that meets another server asks once, naming both hosts, then goes on
// with the origin allowed. The renderer runs in happy-dom against a SharingApi object in place of
// the preload's (no engine, no network).

import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountChanges, SharingApiMethod } from '../../shared/api';
import type { Transport } from '../../shared/api-client';
import type { Envelope } from '../../shared/envelope';
import type { ErrorInfo } from '../../shared/errors';
import type { Account, Collection, CollectionList, PersonAccess, ShareResult } from '../../shared/model';
import { calendarModel, cyrusAccount } from '../support/dav-fixtures';

const account: Account = cyrusAccount('alice', { label: 'Alice at work' });
const home = account.calendarHomes[0]!;

function calendar(segment: string, name: string, extra: Partial<Collection> = {}): Collection {
  return calendarModel(`${home}${segment}/`, name, extra);
}

const BAD = calendar('bad%E0%A4%A', 'bad%E0%A4%A');
const WORK = calendar('work', 'Work');
// Not what the engine ever returns; a stand-in for any bug that makes the panel throw.
const BROKEN = calendar('broken', 'Broken', { description: { not: 'text' } as unknown as string });

interface Fake {
  transport: Transport;
  lists: (CollectionList | ErrorInfo)[];
  updates: AccountChanges[];
  /** Answers a test adds (or replaces) for its own flow. */
  extra: Partial<Record<SharingApiMethod, (args: unknown[]) => unknown>>;
}

/** What the preload gives the page (window.sharedeck): calls answered with envelopes, as the engine does. */
function fakeTransport(): Fake {
  const fake: Fake = { lists: [], updates: [], extra: {}, transport: undefined as unknown as Transport };
  let current = structuredClone(account);
  const answers: Partial<Record<SharingApiMethod, (args: unknown[]) => unknown>> = {
    takeNotices: () => [],
    listAccounts: () => [structuredClone(current)],
    listCollections: () => (fake.lists.length > 1 ? fake.lists.shift()! : fake.lists[0]!),
    listInvitations: () => ({ invitations: [], skipped: [] }),
    updateAccount: (args) => {
      const changes = args[1] as AccountChanges;
      fake.updates.push(changes);
      current = { ...current, ...(changes.approvedOrigins ? { approvedOrigins: changes.approvedOrigins } : {}) };
      return structuredClone(current);
    },
    searchPrincipals: () => ({ principals: [], skipped: [] }),
  };
  fake.transport = {
    call: ({ method, args }) => {
      const value = structuredClone((fake.extra[method] ?? answers[method])?.(args));
      const envelope: Envelope =
        typeof value === 'object' && value !== null && 'code' in value ? { ok: false, error: value as ErrorInfo } : { ok: true, value };
      return Promise.resolve(envelope);
    },
    cancel: () => undefined,
    onEvent: () => () => undefined,
  };
  return fake;
}

let fake: Fake;
let root: Root;
let container: HTMLElement;

beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
});

beforeEach(() => {
  vi.resetModules(); // a fresh store and api per test
  fake = fakeTransport();
  window.sharedeck = fake.transport;
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(async () => {
  await act(async () => {
    root.unmount();
    await Promise.resolve();
  });
  container.remove();
  vi.restoreAllMocks();
});

async function render(): Promise<void> {
  const { App } = await import('../../renderer/App');
  root = createRoot(container);
  await act(async () => {
    root.render(<App />);
    await Promise.resolve();
  });
  await settle();
}

/** Lets pending promises and React updates run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
}

const options = () => [...container.querySelectorAll<HTMLElement>('[role="option"]')];
const option = (name: string) => options().find((o) => o.querySelector('.row-title')?.textContent === name);

async function click(el: Element | undefined | null): Promise<void> {
  expect(el, 'element to click').toBeTruthy();
  await act(async () => {
    (el as HTMLElement).click();
    await Promise.resolve();
  });
  await settle();
}

describe('the window with what a server may send', () => {
  it('renders a collection whose URL has a malformed percent-escape, and stays usable', async () => {
    fake.lists = [{ collections: [BAD, WORK], skipped: [] }];
    await render();
    expect(options().map((o) => o.querySelector('.row-title')?.textContent)).toEqual(['bad%E0%A4%A', 'Work']);
    await click(option('bad%E0%A4%A'));
    const panel = container.querySelector('#panel-title');
    expect(panel?.textContent).toBe('bad%E0%A4%A');
    expect(container.querySelector('.panel-path')?.textContent).toBe('/dav/calendars/user/alice/bad%E0%A4%A/');
    expect(container.querySelector('[role="alert"]')).toBeNull();
    await click(option('Work'));
    expect(container.querySelector('#panel-title')?.textContent).toBe('Work');
  });

  it('a panel that breaks shows an error with a way back, and the rest of the window works', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    fake.lists = [{ collections: [BROKEN, WORK], skipped: [] }];
    await render();
    await click(option('Broken'));
    const alert = container.querySelector('.boundary');
    expect(alert?.textContent).toContain('Sharedeck could not show the sharing of this collection. The rest of the window still works.');
    expect(options()).toHaveLength(2); // the list is still there
    await click([...container.querySelectorAll('button')].find((b) => b.textContent === 'Close'));
    expect(container.querySelector('.boundary')).toBeNull();
    expect(container.textContent).toContain('Select a collection');
    await click(option('Work'));
    expect(container.querySelector('#panel-title')?.textContent).toBe('Work');
  });

  it('shows a quiet note for entries the server listed that were skipped, isolating their text', async () => {
    fake.lists = [
      {
        collections: [WORK],
        skipped: [
          {
            what: 'the entry “file:///etc/passwd” in the collection list',
            reason: 'it is a file: address, which Sharedeck does not follow.',
          },
        ],
      },
    ];
    await render();
    const note = container.querySelector('.skipped-note');
    expect(note?.querySelector('summary')?.textContent).toBe('One entry in the server’s lists could not be shown.');
    expect([...(note?.querySelectorAll('bdi') ?? [])].map((b) => b.textContent)).toEqual([
      'The entry “file:///etc/passwd” in the collection list',
      'it is a file: address, which Sharedeck does not follow.',
    ]);
  });

  it('our sentences isolate the names a server gave in them, and read as the sentence', async () => {
    const { Isolated } = await import('../../renderer/components/Isolated');
    const { notAppliedSentence, shareOutcome } = await import('../../shared/format');
    const { isolate } = await import('../../shared/inert-text');
    const result: ShareResult = {
      collection: WORK,
      unresolved: ['mailto:\u202eexe.txt@example.com'],
      notApplied: [{ address: 'mailto:\u202eexe.txt@example.com', problem: 'not-listed' }],
      applied: [{ address: 'mailto:bob@example.com', name: 'Bob \u202eevil', access: 'read', status: 'pending' }],
      sharing: 'invitation',
    };
    const [line] = shareOutcome(result, 'invite', isolate);
    root = createRoot(container);
    await act(async () => {
      root.render(
        <p>
          <Isolated text={line!} /> <Isolated text={notAppliedSentence(result.notApplied[0]!, isolate)} />
        </p>,
      );
      await Promise.resolve();
    });
    expect([...container.querySelectorAll('bdi')].map((b) => b.textContent)).toEqual(['Bob \\u202eevil', '\\u202eexe.txt@example.com']);
    expect(container.textContent).toBe(
      'Invitation sent to Bob \\u202eevil; they have access once they accept. The server answered success but does not list \\u202eexe.txt@example.com: it does not know that address. Check the spelling, or search the directory.',
    );
  });

  it('direct access names a server’s principal isolated, in its row, its dialog and the sentence after the revoke', async () => {
    const mallory = `${new URL(home).origin}/dav/principals/user/mallory/`;
    const board = calendar('board', 'Board', {
      dialects: ['acl'],
      access: 'shared-owner',
      aclGrants: [{ address: mallory, access: 'read', privileges: ['{DAV:}read'] }],
    });
    const after = { ...board, access: 'not-shared' as const, aclGrants: [] };
    const revoked: unknown[][] = [];
    fake.lists = [{ collections: [board], skipped: [] }];
    fake.extra = {
      getCollection: () => board,
      lookupPeople: (args) => ((args[1] as string[]).includes(mallory) ? [{ address: mallory, name: 'Mallory \u202egnp.exe' }] : []),
      revoke: (args) => {
        revoked.push(args);
        const result: ShareResult = { collection: after, unresolved: [], notApplied: [], applied: [] };
        return result;
      },
    };
    await render();
    await click(option('Board'));
    await new Promise((resolve) => setTimeout(resolve, 350)); // the panel's re-read and name look-up
    await settle();
    const row = container.querySelector('.sharee-direct');
    expect(row?.querySelector('strong bdi')?.textContent).toBe('Mallory \u202egnp.exe');
    expect(row?.querySelector('.chip-acl')?.textContent).toBe('ACL grant');
    await click(row?.querySelector('button[aria-label^="Revoke direct access of"]'));
    const dialog = container.ownerDocument.querySelector('[role="alertdialog"]');
    expect([...(dialog?.querySelectorAll('h2 bdi') ?? [])].map((b) => b.textContent)).toEqual(['Mallory \u202egnp.exe']);
    await click([...(dialog?.querySelectorAll('button') ?? [])].find((b) => b.textContent === 'Revoke'));
    // The ACL route only, by the principal as the list names it.
    expect(revoked).toEqual([[account.id, board.url, [mallory], 'acl']]);
    const said = [...container.querySelectorAll('p.meta')].find((p) => p.textContent?.startsWith('Revoked the direct access of'));
    // The sentence shows the control as an escape; the row showed the name as the server has it, isolated.
    expect(said?.textContent).toBe('Revoked the direct access of Mallory \\u202egnp.exe.');
    expect([...(said?.querySelectorAll('bdi') ?? [])].map((b) => b.textContent)).toEqual(['Mallory \\u202egnp.exe']);
  });

  it('the free/busy time a server gives everyone shows as its default: not counted, not called a grant, not changeable on Cyrus', async () => {
    const team = calendar('team', 'Team', {
      aclGrants: [
        { address: 'DAV:all', everyone: 'all', access: 'free-busy', privileges: ['{urn:ietf:params:xml:ns:caldav}read-free-busy'] },
      ],
    });
    fake.lists = [{ collections: [team], skipped: [] }];
    fake.extra = { getCollection: () => team, lookupPeople: () => [] };
    await render();
    await click(option('Team'));
    await new Promise((resolve) => setTimeout(resolve, 350)); // the panel's re-read
    await settle();
    expect(container.querySelector('#direct-access-heading')?.textContent).toBe('Direct access (ACL)');
    const row = container.querySelector('.sharee-direct');
    expect(row?.querySelector('strong')?.textContent).toBe('Everyone');
    expect([...(row?.querySelectorAll('.chip') ?? [])].map((c) => c.textContent)).toEqual(['Server default']);
    expect([...(row?.querySelectorAll('.person-note') ?? [])].map((n) => n.textContent)).toEqual([
      'That is anyone, signed in or not: they can see when you are busy, not what. The server gives every calendar this by default.',
      'Only the server’s own tools can change this one.',
    ]);
    expect(row?.querySelector('select')).toBeNull();
    expect(row?.querySelector('.avatar')?.className).toBe('avatar avatar-everyone avatar-default');
  });

  it('the People view’s dialogs name a person a server gave isolated: Give access and Revoke everywhere', async () => {
    const mallory = `${new URL(home).origin}/dav/principals/user/mallory/`;
    const person: PersonAccess = {
      address: mallory,
      name: 'Mallory \u202egnp.exe',
      type: 'individual',
      addresses: [mallory],
      grants: [
        {
          accountId: account.id,
          collectionUrl: WORK.url,
          collectionName: 'Work',
          kind: 'calendar',
          access: 'read',
          via: 'acl',
          address: mallory,
        },
      ],
    };
    fake.lists = [{ collections: [WORK], skipped: [] }];
    fake.extra = { listPeople: () => ({ people: [person], skipped: [] }) };
    await render();
    await click([...container.querySelectorAll('button.nav-item')].find((b) => b.textContent?.startsWith('People')));
    await click(options().find((o) => o.getAttribute('aria-label')?.startsWith('Mallory')));

    await click(container.querySelector('button[aria-label="Give access to Mallory \u202egnp.exe…"]'));
    let dialog = container.ownerDocument.querySelector('[role="dialog"]');
    expect(dialog?.querySelector('h2')?.textContent).toBe('Give Mallory \u202egnp.exe access');
    expect([...(dialog?.querySelectorAll('h2 bdi') ?? [])].map((b) => b.textContent)).toEqual(['Mallory \u202egnp.exe']);
    await click([...(dialog?.querySelectorAll('button') ?? [])].find((b) => b.textContent === 'Cancel'));
    expect(container.ownerDocument.querySelector('[role="dialog"]')).toBeNull();

    await click(container.querySelector('button[aria-label="Revoke everywhere: Mallory \u202egnp.exe"]'));
    dialog = container.ownerDocument.querySelector('[role="alertdialog"]');
    expect(dialog?.querySelector('h2')?.textContent).toBe('Revoke Mallory \u202egnp.exe everywhere?');
    expect([...(dialog?.querySelectorAll('h2 bdi') ?? [])].map((b) => b.textContent)).toEqual(['Mallory \u202egnp.exe']);
    // The sentence below names the person (as an escape: it is our sentence) and the account, each isolated.
    const description = dialog?.querySelector('h2 + p');
    expect(description?.textContent).toBe(
      'Mallory \\u202egnp.exe will lose access to 1 collection in Alice at work. Their ACL grants are removed. You can give access again later.',
    );
    expect([...(description?.querySelectorAll('bdi') ?? [])].map((b) => b.textContent)).toEqual([
      'Mallory \\u202egnp.exe',
      'Alice at work',
    ]);
  });

  it('asks once, naming both hosts, before the password goes to another server; then lists with it allowed', async () => {
    const refused: ErrorInfo = {
      code: 'untrusted-origin',
      message:
        'The address is on p42.example.net, which is not this account’s server (127.0.0.1:8580), so Sharedeck did not send your password there. Allow p42.example.net for this account only if you trust it.',
      origin: 'https://p42.example.net',
    };
    fake.lists = [refused, { collections: [WORK], skipped: [] }];
    await render();
    const dialog = container.ownerDocument.querySelector('[role="alertdialog"]');
    expect(dialog?.querySelector('h2')?.textContent).toBe('Allow p42.example.net?');
    expect(dialog?.textContent).toContain('p42.example.net, which is not this account’s server (127.0.0.1:8580)');
    expect(dialog?.textContent).toContain('Let Alice at work use p42.example.net too?');
    expect(document.activeElement?.textContent).toBe('Don’t allow');
    await click([...(dialog?.querySelectorAll('button') ?? [])].find((b) => b.textContent === 'Allow p42.example.net'));
    expect(fake.updates).toEqual([{ approvedOrigins: ['https://p42.example.net'] }]);
    expect(options().map((o) => o.querySelector('.row-title')?.textContent)).toEqual(['Work']);
    expect(container.ownerDocument.querySelector('[role="alertdialog"]')).toBeNull();
  });

  it('without approval, the action ends with the engine’s sentence where it was made, and is not asked again', async () => {
    const refused: ErrorInfo = {
      code: 'untrusted-origin',
      message: 'The address is on evil.example, not ours.',
      origin: 'https://evil.example',
    };
    fake.lists = [refused];
    await render();
    const dialog = container.ownerDocument.querySelector('[role="alertdialog"]');
    await click([...(dialog?.querySelectorAll('button') ?? [])].find((b) => b.textContent === 'Don’t allow'));
    expect(fake.updates).toEqual([]);
    expect(container.querySelector('.alert')?.textContent).toContain('The address is on evil.example, not ours.');
    await click([...container.querySelectorAll('button')].find((b) => b.textContent?.includes('Refresh')));
    expect(container.ownerDocument.querySelector('[role="alertdialog"]')).toBeNull();
  });
});
