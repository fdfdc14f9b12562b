// shared/errors.ts and shared/model.ts: typed errors that cross IPC as plain data, a sentence for
// every code, the CLI exit codes; and the model as plain JSON.

import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  SharedeckError,
  defaultMessage,
  exitCodeFor,
  isErrorInfo,
  isSharedeckError,
  type ErrorCode,
  type ErrorInfo,
} from '../../shared/errors';
import {
  ACCESS_VALUES,
  type Access,
  type Collection,
  type Dialect,
  type InvitationState,
  type InviteStatus,
  type ShareAccess,
} from '../../shared/model';
import { toCollection } from '../../electron/dav/collections';
import { cyrusAccount, loadCyrus, resourcesOf, sabreAccount, loadSabre } from '../support/dav-fixtures';

const CODES = [
  'auth',
  'forbidden',
  'not-found',
  'not-dav',
  'no-sharing',
  'unsupported',
  'unknown-sharee',
  'timeout',
  'connection-refused',
  'host-not-found',
  'connection-lost',
  'tls',
  'malformed',
  'too-large',
  'server',
  'invalid-input',
  'duplicate',
  'untrusted-origin',
  'cancelled',
  'engine-stopped',
  'old-session',
] as const;

describe('SharedeckError', () => {
  it('the list of codes here is the ErrorCode type', () => {
    expectTypeOf<(typeof CODES)[number]>().toEqualTypeOf<ErrorCode>();
  });

  it('is an Error with a code, a name, a message and optional status and cause', () => {
    const cause = new Error('socket hang up');
    const e = new SharedeckError('server', 'The server at h failed.', { status: 502, cause });
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(SharedeckError);
    expect(e.name).toBe('SharedeckError');
    expect(e.code).toBe('server');
    expect(e.message).toBe('The server at h failed.');
    expect(e.status).toBe(502);
    expect(e.cause).toBe(cause);
    expect(isSharedeckError(e)).toBe(true);
    expect(isSharedeckError(new Error('x'))).toBe(false);
    expect(isSharedeckError({ code: 'server', message: 'x' })).toBe(false);
  });

  it('without a message, it carries the default sentence of its code', () => {
    const e = new SharedeckError('timeout');
    expect(e.message).toBe(defaultMessage('timeout'));
    expect(e.status).toBeUndefined();
    expect(e.cause).toBeUndefined();
  });

  it('toJSON is plain data (no stack, no cause), and from() restores an equal error', () => {
    const e = new SharedeckError('auth', 'Wrong password for alice at h.', { status: 401, cause: new Error('secret detail') });
    const json = JSON.parse(JSON.stringify(e)) as unknown;
    expect(json).toEqual({ code: 'auth', message: 'Wrong password for alice at h.', status: 401 });
    expect(isErrorInfo(json)).toBe(true);
    const back = SharedeckError.from(json as ErrorInfo);
    expect(back).toBeInstanceOf(SharedeckError);
    expect(back.toJSON()).toEqual(e.toJSON());
    expect(JSON.stringify(e)).not.toContain('secret detail');
    expect(new SharedeckError('tls').toJSON()).toEqual({ code: 'tls', message: defaultMessage('tls') });
    expect(SharedeckError.from({ code: 'tls', message: 'm' }).status).toBeUndefined();
  });

  it.each(CODES)('%s has a default sentence a person can act on', (code) => {
    const m = defaultMessage(code);
    expect(m).toMatch(/^[A-Z]/);
    expect(m).toMatch(/\.$/);
    expect(m.length).toBeGreaterThan(20);
    expect(m.length).toBeLessThan(200);
  });
});

describe('isErrorInfo', () => {
  it.each([
    [{ code: 'auth', message: 'm' }, true],
    [{ code: 'server', message: '', status: 500 }, true],
    [{ code: 'nope', message: 'm' }, false],
    [{ code: 'auth' }, false],
    [{ code: 7, message: 'm' }, false],
    [{ message: 'm' }, false],
    ['auth', false],
    [null, false],
    [undefined, false],
    [[], false],
  ])('%j → %s', (value, expected) => {
    expect(isErrorInfo(value)).toBe(expected);
  });

  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'])('refuses the inherited name %j as a code', (code) => {
    expect(isErrorInfo({ code, message: 'm' })).toBe(false);
  });
});

describe('exitCodeFor', () => {
  it('maps every code to the documented exit code', () => {
    const expected: Record<ErrorCode, number> = {
      'invalid-input': 1,
      duplicate: 1,
      auth: 2,
      forbidden: 3,
      'not-found': 3,
      'not-dav': 3,
      'no-sharing': 3,
      unsupported: 3,
      'unknown-sharee': 3,
      'untrusted-origin': 3,
      timeout: 4,
      'connection-refused': 4,
      'host-not-found': 4,
      'connection-lost': 4,
      tls: 4,
      malformed: 4,
      'too-large': 4,
      server: 4,
      cancelled: 4,
      'engine-stopped': 4,
      'old-session': 4,
    };
    expect(Object.fromEntries(CODES.map((c) => [c, exitCodeFor(c)]))).toEqual(expected);
  });
});

describe('the model', () => {
  it('access values: a sharee may read or read-write, nothing owner-level', () => {
    expect(ACCESS_VALUES).toEqual(['read', 'read-write']);
    expectTypeOf<Access>().toEqualTypeOf<'read' | 'read-write'>();
    expectTypeOf<ShareAccess>().toEqualTypeOf<'not-shared' | 'shared-owner' | 'read' | 'read-write'>();
    expectTypeOf<InviteStatus>().toEqualTypeOf<'accepted' | 'pending' | 'declined' | 'invalid'>();
    expectTypeOf<InvitationState>().toEqualTypeOf<'pending' | 'accepted' | 'declined' | 'revoked'>();
    expectTypeOf<Dialect>().toEqualTypeOf<'dav' | 'cs' | 'oc' | 'acl'>();
  });

  it('collections built from real responses are plain JSON (they cross IPC and HTTP unchanged)', () => {
    const collections: Collection[] = [
      ...resourcesOf(loadCyrus('17')).flatMap((r) => toCollection(r, cyrusAccount('bob'), false) ?? []),
      ...resourcesOf(loadSabre('016')).flatMap((r) => toCollection(r, sabreAccount('bob'), false) ?? []),
    ];
    expect(collections).toHaveLength(4);
    for (const c of collections) {
      expect(JSON.parse(JSON.stringify(c))).toEqual(c);
      expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    }
  });
});
