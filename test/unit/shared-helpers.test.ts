// The small helpers every layer shares, one per job: the last segment of a URL, a principal URL's
// comparable form, sentences' first letters, an avatar's initials, what a sharee's access is, and
// listeners that one broken listener cannot stop.

import { describe, expect, it } from 'vitest';
import { addressLabel, capitalise, decapitalise, initials } from '../../shared/format';
import { isAccess } from '../../shared/model';
import { lastSegment, principalUrlKey } from '../../shared/urls';
import { principalNamed } from '../../electron/dav/identity';
import { addressKey, mailOf, sameAddress } from '../../shared/addresses';
import { Listeners } from '../../electron/service/listeners';

describe('shared helpers', () => {
  it.each([
    ['https://dav.example.com/dav/calendars/user/alice/Work%20Plan/', 'Work Plan'],
    ['https://dav.example.com/dav/calendars/user/alice/Work', 'Work'],
    ['/principals/users/bob/', 'bob'],
    ['principals/bob', 'bob'],
    ['https://dav.example.com/a/%E0/', '%E0'],
    ['https://dav.example.com/x/?q=1#f', 'x'],
    ['https://dav.example.com/', undefined],
    ['', undefined],
  ])('lastSegment(%s) is %s', (input, expected) => {
    expect(lastSegment(input)).toBe(expected);
  });

  it.each([
    ['mailto:Bob@Example.com', 'Bob@Example.com'],
    ['https://dav.example.com/principals/users/b%C3%B6b/', 'böb'],
    ['principal:principals/users/bob', 'bob'],
    ['/dav/principals/user/carol/', 'carol'],
    ['urn:uuid:5f1a', 'urn:uuid:5f1a'],
    ['https://dav.example.com/', 'https://dav.example.com/'],
  ])('addressLabel(%s) is %s: the mail address, else the last segment, else the address', (input, expected) => {
    expect(addressLabel(input)).toBe(expected);
  });

  it('a principal URL compares by origin and decoded path, with or without its trailing slash; anything else has no key', () => {
    expect(principalUrlKey('https://Dav.Example.com/principals/b%C3%B6b/')).toBe('https://dav.example.com/principals/böb');
    expect(principalUrlKey(' https://dav.example.com/principals/bob ')).toBe('https://dav.example.com/principals/bob');
    expect(principalUrlKey('mailto:bob@example.com')).toBeUndefined();
    expect(principalUrlKey('/principals/bob/')).toBeUndefined();
    expect(principalUrlKey('https://[bad')).toBeUndefined();
  });

  it('capitalises and decapitalises the first letter only', () => {
    expect(capitalise('the invitation to “x”')).toBe('The invitation to “x”');
    expect(decapitalise('The server said no.')).toBe('the server said no.');
    expect(capitalise('')).toBe('');
  });

  it.each([
    ['Carol Example', 'CE'],
    ['carol@example.com', 'C'],
    ['carol.example@example.com', 'CE'],
    ['bob', 'B'],
    ['Émile Zola', 'ÉZ'],
    // A letter outside the BMP, an emoji and a letter written with a combining accent each count whole.
    ['𝒜lice B', '𝒜B'],
    ['👩‍💻 Team', '👩‍💻T'],
    ['e\u0301mile', 'E\u0301'],
    ['', '?'],
    ['@example.com', '?'],
  ])('the initials of %j are %j', (name, expected) => {
    expect(initials(name)).toBe(expected);
  });

  it('a sharee’s access is read or read-write, nothing an owner has and nothing else', () => {
    expect(['read', 'read-write'].every(isAccess)).toBe(true);
    expect(['not-shared', 'shared-owner', 'manage', 'READ', '', undefined, 1].some(isAccess)).toBe(false);
  });

  it('a mail address is decoded and lower-cased from mailto: or bare; a principal named by its id or display name', () => {
    expect(mailOf('mailto:Bob%40Home@Example.COM')).toBe('bob@home@example.com');
    expect(mailOf('bob@example.com')).toBe('bob@example.com');
    expect(mailOf('mailto:bob')).toBeUndefined();
    expect(mailOf('/principals/bob/')).toBeUndefined();
    const bob = { name: 'Bob Baker', url: 'https://dav.example.com/principals/users/bob/' };
    expect(principalNamed(bob, 'BOB')).toBe(true);
    expect(principalNamed(bob, ' bob baker ')).toBe(true);
    expect(principalNamed(bob, 'baker')).toBe(false);
  });

  it('an address compares as one form however it is written: mail by its decoded lower-case address, a principal URL without its trailing slash', () => {
    expect(addressKey('mailto:Bob%40Home@Example.COM')).toBe('mailto:bob@home@example.com');
    expect(addressKey(' bob@example.com ')).toBe('mailto:bob@example.com');
    expect(addressKey('https://DAV.example.com/principals/bob/')).toBe('https://dav.example.com/principals/bob');
    expect(addressKey('principal:principals/users/bob')).toBe('principal:principals/users/bob');
    expect(sameAddress('MAILTO:%42ob@example.com', 'bob@EXAMPLE.com')).toBe(true);
    expect(sameAddress('https://dav.example.com/principals/bob', 'https://dav.example.com/principals/bob/')).toBe(true);
    // Different people stay apart: another domain, another principal, a principal and a mail address.
    expect(sameAddress('mailto:bob@example.com', 'mailto:bob@example.org')).toBe(false);
    expect(sameAddress('https://dav.example.com/principals/bob/', 'https://dav.example.com/principals/bobby/')).toBe(false);
    expect(sameAddress('mailto:bob@example.com', 'https://dav.example.com/principals/bob/')).toBe(false);
  });

  it('listeners are told in turn; one that throws stops neither the others nor the emitter; removed ones hear nothing', () => {
    const listeners = new Listeners<number>();
    const heard: string[] = [];
    listeners.add(() => {
      throw new Error('broken');
    });
    const remove = listeners.add((n) => heard.push(`a${n}`));
    listeners.add((n) => heard.push(`b${n}`));
    listeners.emit(1);
    remove();
    listeners.emit(2);
    listeners.clear();
    listeners.emit(3);
    expect(heard).toEqual(['a1', 'b1', 'b2']);
  });
});
