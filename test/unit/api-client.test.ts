// The one SharingApi proxy (shared/api-client.ts) over a recording transport: what each call
// sends, how answers and failures come back, and how a signal cancels.
import { describe, expect, it, vi } from 'vitest';
import { SHARING_API_METHODS, type AppEvent } from '../../shared/api';
import { buildSharingApi, toSharedeckError, type CallRequest, type Transport } from '../../shared/api-client';
import { SharedeckError } from '../../shared/errors';
import type { Envelope } from '../../shared/envelope';

function recording(answer: (request: CallRequest) => Promise<Envelope> = () => Promise.resolve({ ok: true, value: 'v' })) {
  const sent: CallRequest[] = [];
  const cancelled: string[] = [];
  const listeners = new Set<(event: AppEvent) => void>();
  const transport: Transport = {
    call(request) {
      sent.push(request);
      return answer(request);
    },
    cancel(id) {
      cancelled.push(id);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { transport, sent, cancelled, listeners };
}

describe('buildSharingApi', () => {
  it('has exactly the contract’s methods, onEvent and withSignal', () => {
    const api = buildSharingApi(recording().transport);
    expect(Object.keys(api).sort()).toEqual([...SHARING_API_METHODS, 'onEvent', 'withSignal'].sort());
    expect(Object.keys(api.withSignal(new AbortController().signal)).sort()).toEqual([...SHARING_API_METHODS, 'onEvent'].sort());
  });

  it('sends each call with a fresh id, the method and the arguments, trailing undefined left out', async () => {
    const r = recording();
    const api = buildSharingApi(r.transport, { idPrefix: 'tab-' });
    await api.setAccess('a1', 'https://dav.example/cal/', 'mailto:b@example.com', 'read', undefined);
    await api.acceptInvitation('a1', 'https://dav.example/n/1', undefined);
    await api.listAccounts();
    expect(r.sent).toEqual([
      { id: 'tab-1', method: 'setAccess', args: ['a1', 'https://dav.example/cal/', 'mailto:b@example.com', 'read'] },
      { id: 'tab-2', method: 'acceptInvitation', args: ['a1', 'https://dav.example/n/1'] },
      { id: 'tab-3', method: 'listAccounts', args: [] },
    ]);
  });

  it('resolves with the value, and rejects with a SharedeckError carrying the ErrorInfo', async () => {
    const answers: Envelope[] = [
      { ok: true, value: [{ id: 'a1' }] },
      { ok: false, error: { code: 'auth', message: 'Wrong password.', status: 401 } },
      { ok: false, error: { code: 'no-such-code', message: 'x' } } as unknown as Envelope,
    ];
    const api = buildSharingApi(recording(() => Promise.resolve(answers.shift()!)).transport);
    await expect(api.listAccounts()).resolves.toEqual([{ id: 'a1' }]);
    const auth: unknown = await api.listAccounts().catch((e: unknown) => e);
    expect(auth).toBeInstanceOf(SharedeckError);
    expect(auth).toMatchObject({ code: 'auth', message: 'Wrong password.', status: 401 });
    await expect(api.listAccounts()).rejects.toMatchObject({ code: 'connection-lost' });
  });

  it('rejects with connection-lost when the transport fails', async () => {
    const api = buildSharingApi(recording(() => Promise.reject(new TypeError('Failed to fetch'))).transport);
    const e: unknown = await api.listAccounts().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SharedeckError);
    expect(e).toMatchObject({ code: 'connection-lost', message: expect.stringMatching(/lost contact with its engine/) as unknown });
  });

  it('passes events through and unsubscribes', () => {
    const r = recording();
    const api = buildSharingApi(r.transport);
    const got: AppEvent[] = [];
    const off = api.onEvent((e) => got.push(e));
    const event: AppEvent = { type: 'discovery-step', progressId: 'p', step: 'homes' };
    for (const l of r.listeners) l(event);
    expect(got).toEqual([event]);
    off();
    expect(r.listeners.size).toBe(0);
  });
});

describe('buildSharingApi: cancelling', () => {
  it('an abort sends a cancel naming the call, and the call settles with the engine’s answer', async () => {
    let answer!: (e: Envelope) => void;
    const r = recording(() => new Promise((resolve) => (answer = resolve)));
    const api = buildSharingApi(r.transport, { idPrefix: 'p' });
    const controller = new AbortController();
    const call = api.withSignal(controller.signal).addAccount({ serverUrl: 'dav.example', username: 'a', password: 'b' });
    await vi.waitFor(() => {
      expect(r.sent).toHaveLength(1);
    });
    expect(r.cancelled).toEqual([]);
    controller.abort();
    expect(r.cancelled).toEqual(['p1']);
    answer({ ok: false, error: { code: 'cancelled', message: 'Cancelled. Nothing of it was kept.' } });
    await expect(call).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('a call that finished before the cancel arrived resolves with what the engine did', async () => {
    let answer!: (e: Envelope) => void;
    const r = recording(() => new Promise((resolve) => (answer = resolve)));
    const controller = new AbortController();
    const call = buildSharingApi(r.transport).withSignal(controller.signal).listAccounts();
    await vi.waitFor(() => {
      expect(r.sent).toHaveLength(1);
    });
    controller.abort();
    answer({ ok: true, value: [{ id: 'kept' }] });
    await expect(call).resolves.toEqual([{ id: 'kept' }]);
  });

  it('an already aborted signal sends nothing', async () => {
    const r = recording();
    const controller = new AbortController();
    controller.abort();
    await expect(buildSharingApi(r.transport).withSignal(controller.signal).listAccounts()).rejects.toMatchObject({ code: 'cancelled' });
    expect(r.sent).toEqual([]);
    expect(r.cancelled).toEqual([]);
  });

  it('a settled call sends no cancel when its signal aborts later', async () => {
    const r = recording();
    const controller = new AbortController();
    await buildSharingApi(r.transport).withSignal(controller.signal).listAccounts();
    controller.abort();
    expect(r.cancelled).toEqual([]);
  });
});

describe('toSharedeckError', () => {
  it('keeps SharedeckErrors, restores ErrorInfo, and calls anything else lost contact', () => {
    const e = new SharedeckError('timeout');
    expect(toSharedeckError(e)).toBe(e);
    expect(toSharedeckError({ code: 'tls', message: 'Bad certificate.' })).toMatchObject({ code: 'tls', message: 'Bad certificate.' });
    expect(toSharedeckError(new Error('x'))).toMatchObject({ code: 'connection-lost' });
    expect(toSharedeckError({ code: 'toString', message: 'x' })).toMatchObject({ code: 'connection-lost' });
  });
});
