// The one dispatcher (electron/service/dispatcher.ts) over the service's validation boundary
// (electron/service/validation.ts), with a recording implementation behind them: which names are
// methods, what reaches the implementation, how each kind of failure answers, and what is logged.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SharingApiMethod } from '../../shared/api';
import { SharedeckError } from '../../shared/errors';
import type { Envelope } from '../../shared/envelope';
import { UNEXPECTED_MESSAGE, dispatch, type Answer } from '../../electron/service/dispatcher';
import { fakeEngine } from '../support/fake-engine';

const PASSWORD = 'c0rrect-h0rse-battery';

function envelope(answer: Answer): Envelope {
  return JSON.parse(answer.envelope) as Envelope;
}

function quietLog() {
  return { error: vi.fn() };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('dispatch: method names', () => {
  it.each([
    'noSuchMethod',
    'onEvent',
    'invoke',
    'pollInvitations',
    'constructor',
    '__proto__',
    'toString',
    'hasOwnProperty',
    'listAccounts ',
    '',
    42,
    undefined,
  ])('%j is no method: not-found, nothing called', async (method) => {
    const fake = fakeEngine();
    const log = quietLog();
    const answer = await dispatch(fake.service, method, [], { log });
    expect(answer.status).toBe('no-such-method');
    expect(envelope(answer)).toEqual({ ok: false, error: { code: 'not-found', message: 'Sharedeck has no such function.' } });
    expect(fake.calls).toEqual([]);
    expect(log.error).not.toHaveBeenCalled();
  });
});

describe('dispatch: arguments (validated once, at the service boundary)', () => {
  it.each<[string, SharingApiMethod, unknown, RegExp]>([
    [
      'arguments that are not a list',
      'listCollections',
      { 0: 'a1' },
      /^Invalid request to listCollections: the arguments must be a list\.$/,
    ],
    [
      'an owner access level',
      'setAccess',
      ['a1', 'https://dav.example/cal/', 'mailto:b@example.com', 'shared-owner'],
      /^Invalid request to setAccess \(argument 3\)/,
    ],
    [
      'an extra property',
      'addAccount',
      [{ serverUrl: 'dav.example', username: 'alice', password: PASSWORD, isAdmin: true }],
      /^Invalid request to addAccount/,
    ],
    ['a blank server address', 'addAccount', [{ serverUrl: '   ', username: 'alice', password: PASSWORD }], /^Enter the server address\.$/],
    ['a blank password', 'addAccount', [{ serverUrl: 'dav.example', username: 'alice', password: '  ' }], /^Enter the password\.$/],
    ['an empty account name', 'updateAccount', ['a1', { label: ' ' }], /^Enter a name for the account\.$/],
    [
      'a comment that is too long',
      'acceptInvitation',
      ['a1', 'https://dav.example/n/1', { comment: 'x'.repeat(2001) }],
      /^The comment is too long \(at most 2,000 characters\)\.$/,
    ],
    ['no sharees', 'share', ['a1', 'https://dav.example/cal/', { sharees: [] }], /^Name at least one person to share with\.$/],
    ['a blank address', 'setAccess', ['a1', 'https://dav.example/cal/', ' ', 'read'], /^Enter an address/],
    ['an empty collection', 'getCollection', ['a1', ''], /^Name a calendar, address book or folder\.$/],
  ])('refuses %s as invalid-arguments, nothing called', async (_name, method, args, message) => {
    const fake = fakeEngine();
    const answer = await dispatch(fake.service, method, args, { log: quietLog() });
    expect(answer.status).toBe('invalid-arguments');
    const e = envelope(answer);
    expect(e.ok).toBe(false);
    if (e.ok) return;
    expect(e.error.code).toBe('invalid-input');
    expect(e.error.message).toMatch(message);
    expect(e.error.message).not.toContain(PASSWORD);
    expect(fake.calls).toEqual([]);
  });

  it('hands the implementation the parsed arguments (trimmed where a person typed them) and the call’s signal', async () => {
    const fake = fakeEngine();
    const controller = new AbortController();
    const answer = await dispatch(fake.service, 'setAccess', ['a1', ' https://dav.example/cal/ ', ' mailto:b@example.com ', 'read'], {
      signal: controller.signal,
    });
    expect(answer.status).toBe('ok');
    expect(fake.calls).toEqual([{ method: 'setAccess', args: ['a1', 'https://dav.example/cal/', 'mailto:b@example.com', 'read'] }]);
    expect(fake.signals).toEqual([controller.signal]);
  });

  it('checks direct calls (the CLI’s) the same way', async () => {
    const fake = fakeEngine();
    await expect(fake.service.searchPrincipals('a1', 'x'.repeat(201))).rejects.toMatchObject({
      code: 'invalid-input',
      message: 'The search text is too long (at most 200 characters).',
    });
    await expect(fake.service.revoke('a1', 'https://dav.example/cal/', [])).rejects.toMatchObject({
      message: 'Name at least one person to stop sharing with.',
    });
    expect(fake.calls).toEqual([]);
    await fake.service.revoke('a1', 'https://dav.example/cal/', ['mailto:b@example.com'], undefined);
    expect(fake.calls).toEqual([{ method: 'revoke', args: ['a1', 'https://dav.example/cal/', ['mailto:b@example.com'], undefined] }]);
  });
});

describe('dispatch: answers', () => {
  it('serialises the value once, as the envelope a shell passes on', async () => {
    const fake = fakeEngine();
    fake.answers.listAccounts = () => [{ id: 'a1', label: 'Alice' }];
    const answer = await dispatch(fake.service, 'listAccounts', []);
    expect(answer).toEqual({ status: 'ok', envelope: '{"ok":true,"value":[{"id":"a1","label":"Alice"}]}' });
    fake.answers.removeAccount = () => undefined;
    expect((await dispatch(fake.service, 'removeAccount', ['a1'])).envelope).toBe('{"ok":true}');
  });

  it('answers a SharedeckError with its ErrorInfo (status included) and logs nothing', async () => {
    const fake = fakeEngine();
    const log = quietLog();
    fake.answers.listCollections = () =>
      Promise.reject(new SharedeckError('auth', 'The server refused.', { status: 401, cause: new Error(PASSWORD) }));
    const answer = await dispatch(fake.service, 'listCollections', ['a1'], { log });
    expect(answer.status).toBe('error');
    expect(answer.envelope).toBe(JSON.stringify({ ok: false, error: { code: 'auth', message: 'The server refused.', status: 401 } }));
    expect(log.error).not.toHaveBeenCalled();
  });

  it('answers anything else with a generic server error, logging it with every argument value cut out', async () => {
    const fake = fakeEngine();
    const log = quietLog();
    fake.answers.addAccount = (input) => {
      const { password, username } = input as { password: string; username: string };
      throw new TypeError(`cannot use ${password} for ${username}`, { cause: new Error(`sent ${password}`) });
    };
    const answer = await dispatch(
      fake.service,
      'addAccount',
      [{ serverUrl: 'dav.secret-host.example', username: 'alice-the-user', password: PASSWORD }],
      { log },
    );
    expect(answer.status).toBe('unexpected');
    expect(envelope(answer)).toEqual({ ok: false, error: { code: 'server', message: UNEXPECTED_MESSAGE } });
    expect(log.error).toHaveBeenCalledTimes(1);
    const text = String(log.error.mock.calls[0]![0]);
    expect(text).toContain('addAccount');
    expect(text).toContain('TypeError');
    expect(text).toContain('[redacted]');
    for (const secret of [PASSWORD, 'alice-the-user', 'dav.secret-host.example']) expect(text).not.toContain(secret);
  });

  it('answers a value that cannot be serialised with a generic server error', async () => {
    const fake = fakeEngine();
    const log = quietLog();
    fake.answers.listAccounts = () => ({ big: 10n });
    const answer = await dispatch(fake.service, 'listAccounts', [], { log });
    expect(answer.status).toBe('unexpected');
    expect(log.error).toHaveBeenCalledTimes(1);
  });

  it('logs to the console by default', async () => {
    const fake = fakeEngine();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    fake.answers.listAccounts = () => {
      throw new Error('boom');
    };
    await dispatch(fake.service, 'listAccounts', []);
    expect(error).toHaveBeenCalledTimes(1);
  });
});

describe('dispatch: cancelling', () => {
  it('a call whose signal aborts answers cancelled, whatever the abort made it throw', async () => {
    const fake = fakeEngine();
    const log = quietLog();
    const controller = new AbortController();
    fake.answers.listCollections = () =>
      new Promise((_resolve, reject) => {
        // as fetch does: a DOMException, not ours
        controller.signal.addEventListener('abort', () => {
          reject(new DOMException('This operation was aborted', 'AbortError'));
        });
      });
    const pending = dispatch(fake.service, 'listCollections', ['a1'], { signal: controller.signal, log });
    await vi.waitFor(() => {
      expect(fake.calls).toHaveLength(1);
    });
    controller.abort();
    const answer = await pending;
    expect(answer.status).toBe('error');
    expect(envelope(answer)).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(log.error).not.toHaveBeenCalled();
  });

  it('keeps the reason when it is a SharedeckError, and another error that came before the cancel', async () => {
    const fake = fakeEngine();
    const controller = new AbortController();
    controller.abort(new SharedeckError('cancelled', 'Stopped by you.'));
    expect(envelope(await dispatch(fake.service, 'listAccounts', [], { signal: controller.signal }))).toEqual({
      ok: false,
      error: { code: 'cancelled', message: 'Stopped by you.' },
    });
    expect(fake.calls).toEqual([]); // already cancelled: not started

    const late = new AbortController();
    fake.answers.listCollections = () => {
      late.abort();
      return Promise.reject(new SharedeckError('auth'));
    };
    expect(envelope(await dispatch(fake.service, 'listCollections', ['a1'], { signal: late.signal }))).toMatchObject({
      ok: false,
      error: { code: 'auth' },
    });
  });
});
