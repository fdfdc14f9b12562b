// The guards on text that crosses a trust boundary: server text shown inert (shared/inert-text.ts),
// percent-escapes decoded without ever throwing (shared/urls.ts), and request bodies that are
// always well-formed XML (shared/xml-text.ts, the builder's last guard, the service's check
// where a person typed the character).
import { describe, expect, it } from 'vitest';
import { buildXml, el, NS, parseXml } from '../../electron/dav/xml';
import { MemoryAccountStore } from '../../electron/service/account-store';
import { MemorySecretStore } from '../../electron/service/secret-store';
import { createSharingService } from '../../electron/service/sharing-service';
import { inert, isolate } from '../../shared/inert-text';
import { collectionKey, displayPath, safeDecode } from '../../shared/urls';
import { addressLabel, directoryName } from '../../shared/format';
import { withoutXmlUnsafe, xmlUnsafeCharacter, xmlUnsafeMessage } from '../../shared/xml-text';
import { csDialect } from '../../electron/dav/dialects/cs';
import { SharedeckError } from '../../shared/errors';
import { cyrusAccount, expectSharedeckError } from '../support/dav-fixtures';

describe('inert', () => {
  it.each([
    ['\u001b[2J\u001b[HHacked', '\\x1b[2J\\x1b[HHacked'],
    ['\u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007', '\\x1b]8;;https://evil.example/\\x07click\\x1b]8;;\\x07'],
    ['\u001b]0;window title\u0007', '\\x1b]0;window title\\x07'],
    ['bell\u0007 back\u0008space nul\u0000', 'bell\\x07 back\\x08space nul\\x00'],
    ['line\nforged\rover\ttab', 'line\\nforged\\rover\\ttab'],
    ['del\u007f c1\u0085\u009b', 'del\\u007f c1\\u0085\\u009b'],
    ['invoice\u202Efdp.exe', 'invoice\\u202efdp.exe'],
    [
      '\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c',
      '\\u202a\\u202b\\u202c\\u202d\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c',
    ],
    ['para\u2028graph\u2029', 'para\\u2028graph\\u2029'],
  ])('%j is shown as %j', (text, shown) => {
    expect(inert(text)).toBe(shown);
  });

  it('leaves letters of every script, emoji, quotes and backslashes alone, and is idempotent', () => {
    const text = 'Ünïcödé שלום عربي 日本語 👩‍👩‍👧 “quoted” C:\\path \\x1b';
    expect(inert(text)).toBe(text);
    const hostile = '\u001b[31mred\u202e\n';
    expect(inert(inert(hostile))).toBe(inert(hostile));
  });

  it('keeps JSON exact, line by line as the command line prints it: the text parses to the same value', () => {
    const value = { name: '\u001b[2J\u202e\u007f\u0085\u2028', nested: ['\n\t', 'ok'] };
    const text = JSON.stringify(value, null, 2).split('\n').map(inert).join('\n');
    // eslint-disable-next-line no-control-regex -- the control characters are what the test looks for
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('isolate wraps the inert text in one first-strong isolate', () => {
    expect(isolate('a\u2069\u202eb')).toBe('\u2068a\\u2069\\u202eb\u2069');
  });
});

describe('safeDecode', () => {
  it.each([
    ['bad%E0%A4%A', 'bad%E0%A4%A'],
    ['%E0%A4%A4%E0%A4', '\u0924%E0%A4'],
    ['caf%C3%A9%20au%20lait', 'café au lait'],
    ['%ZZ%', '%ZZ%'],
    ['%C0%AF', '%C0%AF'], // overlong "/"
    ['%ED%A0%80', '%ED%A0%80'], // a surrogate, which UTF-8 cannot carry
    ['%F0%9F%98%80 ok %FF', '😀 ok %FF'],
    ['plain', 'plain'],
  ])('%j → %j, never throwing', (text, decoded) => {
    expect(safeDecode(text)).toBe(decoded);
  });

  it('displayPath decodes each segment but keeps a decoded slash visible as %2F', () => {
    expect(displayPath('https://h/calendars/alice/bad%E0%A4%A/')).toBe('/calendars/alice/bad%E0%A4%A/');
    expect(displayPath('https://h/a%2Fb/c%20d/')).toBe('/a%2Fb/c d/');
    expect(displayPath('not a url')).toBe('not a url');
  });

  it('the helpers built on it survive a malformed escape', () => {
    expect(addressLabel('https://h/principals/users/bad%E0%A4%A')).toBe('bad%E0%A4%A');
    expect(collectionKey('https://H/calendars/bad%E0%A4%A')).toBe('https://h/calendars/bad%E0%A4%A/');
  });
});

describe('XML request bodies', () => {
  it.each([
    ['bell\u0007', 'U+0007', 5],
    ['nul\u0000', 'U+0000', 4],
    ['x\uffff', 'U+FFFF', 2],
    ['x\ufffe', 'U+FFFE', 2],
    ['😀\ud800', 'U+D800', 2],
    ['\udc00', 'U+DC00', 1],
  ])('%j holds %s at character %i', (text, codePoint, position) => {
    expect(xmlUnsafeCharacter(text)).toEqual({ codePoint, position });
  });

  it('tab, line ends, astral characters and U+FFFD are fine', () => {
    expect(xmlUnsafeCharacter('a\tb\nc\rd 😀 \ufffd \ud7ff \ue000')).toBeUndefined();
  });

  it('the builder refuses such a character, never producing a body that is not well-formed', () => {
    expect(() => buildXml(el(NS.DAV, 'comment', ['hi\u0001']))).toThrow(
      new SharedeckError(
        'invalid-input',
        'Sharedeck did not send the request: it would have carried a character that XML cannot (U+0001), so the server could not have read it.',
      ),
    );
    expect(() => buildXml(el(NS.DAV, 'x', [], { a: '\uffff' }))).toThrow(/U\+FFFF/);
    const ok = buildXml(el(NS.DAV, 'comment', ['tab\tand <markup> & line\nend']));
    expect(parseXml(ok).text).toBe('tab\tand <markup> & line\nend');
  });

  it('a name the server sent is echoed back without what XML cannot carry (the CS: summary)', () => {
    const { body } = csDialect.buildShare([{ address: 'mailto:bob@example.com', access: 'read' }], {
      collectionName: 'Work\u0001\u001b team',
    });
    expect(body).toContain('<CS:summary>Work team</CS:summary>');
    expect(withoutXmlUnsafe('a\u0000b\uffffc\ud800d\te')).toBe('abcd\te');
    // The directory's name sent along with an invitation, likewise.
    expect(directoryName({ name: 'Bob\u0000 Baker\uffff', url: 'https://h/principals/bob/' })).toBe('Bob Baker');
    expect(directoryName({ name: '\u0001', url: 'https://h/principals/bob/' })).toBeUndefined();
  });

  it('the sentence says which character and where', () => {
    expect(xmlUnsafeMessage('The message', 'Hi\u0007 there')).toBe(
      'The message contains a character that cannot be sent to the server (U+0007, character 3). Remove it and try again.',
    );
  });

  it('the service refuses it where the person typed it, before any request', async () => {
    const requests: string[] = [];
    const accounts = new MemoryAccountStore();
    const account = cyrusAccount('alice', { serverUrl: 'http://127.0.0.1:9/' });
    await accounts.save([account]);
    const secrets = new MemorySecretStore();
    await secrets.set(account.id, 'pw');
    const fetch: typeof globalThis.fetch = (input) => {
      requests.push(input instanceof Request ? input.url : input.toString());
      return Promise.reject(new Error('no network in this test'));
    };
    const service = createSharingService({ accounts, secrets, http: { fetch } });
    const url = account.calendarHomes[0]!;
    const cases: [() => Promise<unknown>, string][] = [
      [
        () => service.share(account.id, url, { sharees: [{ address: 'bob@example.com', access: 'read' }], comment: 'Hi\u0000' }),
        'The message',
      ],
      [() => service.share(account.id, url, { sharees: [{ address: 'bob@example.com', access: 'read', name: 'Bob\uffff' }] }), 'The name'],
      [() => service.share(account.id, url, { sharees: [{ address: 'bob\u0008@example.com', access: 'read' }] }), 'The address'],
      [() => service.acceptInvitation(account.id, `${account.notificationUrl!}x.xml`, { comment: 'ok\u001b' }), 'The message'],
      [() => service.declineInvitation(account.id, `${account.notificationUrl!}x.xml`, { comment: '\ud800' }), 'The message'],
      [() => service.searchPrincipals(account.id, 'bo\u0001b'), 'The search'],
    ];
    for (const [call, field] of cases) {
      const err = await expectSharedeckError(call, 'invalid-input');
      expect(err.message).toMatch(
        new RegExp(
          `^${field} contains a character that cannot be sent to the server \\(U\\+[0-9A-F]{4}, character \\d+\\)\\. Remove it and try again\\.$`,
        ),
      );
    }
    expect(requests).toEqual([]);
  });
});
