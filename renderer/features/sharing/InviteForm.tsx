// Invite people: directory search as you type (debounced), free-form e-mail addresses, several at
// once, an access level and an optional message. The result shown is the server's re-read state.

import { useEffect, useId, useRef, useState, type SyntheticEvent, type KeyboardEvent } from 'react';
import { directoryName, notAppliedSentence, shareOutcome } from '../../../shared/format';
import type { Access, Collection, NotApplied, Principal } from '../../../shared/model';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAction } from '../../components/useAction';
import { api } from '../../api';
import { useStore } from '../../store';

interface Token {
  address: string;
  label: string;
  /** The display name the directory gave, sent along where the dialect carries one (sabre stores it). */
  name?: string;
}

function tokenOf(p: Principal): Token {
  const name = directoryName(p);
  return name === undefined ? { address: p.address, label: p.name } : { address: p.address, label: p.name, name };
}

const SEARCH_DELAY_MS = 250;

/** Whether a directory entry is already among the collection's sharees (servers rewrite hrefs). */
function findListed(collection: Collection, p: Principal): boolean {
  const mine = new Set([p.address, ...p.addresses].map((a) => a.toLowerCase()));
  return collection.sharees.some((s) => mine.has(s.address.toLowerCase()));
}
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** What a person typed, as an address to invite: e-mail, mailto:, or a principal URL/path. */
export function typedAddress(text: string): Token | undefined {
  const t = text.trim().replace(/^<|>$/g, '');
  if (EMAIL.test(t)) return { address: `mailto:${t}`, label: t };
  if (/^mailto:/i.test(t) && EMAIL.test(t.slice(7))) return { address: t, label: t.slice(7) };
  if (/^(https?:\/\/|\/|principal:)\S+$/i.test(t)) return { address: t, label: t };
  return undefined;
}

export function InviteForm({ accountId, collection }: { accountId: string; collection: Collection }) {
  const share = useStore((s) => s.share);
  const [tokens, setTokens] = useState<Token[]>([]);
  const [text, setText] = useState('');
  const [access, setAccess] = useState<Access>('read');
  const [comment, setComment] = useState('');
  const [results, setResults] = useState<Principal[]>([]);
  const [searching, setSearching] = useState(false);
  const [searchNote, setSearchNote] = useState<string>();
  const [highlight, setHighlight] = useState(-1);
  const [unresolved, setUnresolved] = useState<NotApplied[]>([]);
  const [done, setDone] = useState<string[]>([]);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const listId = useId();
  const invite = useAction((request: Parameters<typeof share>[2]) => share(accountId, collection.url, request));

  // Debounced directory search; a newer query wins over a slower older one.
  useEffect(() => {
    const term = text.trim();
    if (term.length < 2 || typedAddress(term)?.address.startsWith('/')) {
      setResults([]);
      setSearchNote(undefined);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      setSearching(true);
      api
        .searchPrincipals(accountId, term)
        .then((found) => {
          if (!current) return;
          const chosen = new Set(tokens.map((t) => t.address));
          const fresh = found.filter((p) => !chosen.has(p.address) && !findListed(collection, p));
          const already = found.filter((p) => findListed(collection, p)).map((p) => p.name);
          setResults(fresh);
          setHighlight(fresh.length > 0 ? 0 : -1);
          setSearchNote(
            fresh.length > 0
              ? undefined
              : already.length > 0
                ? `Already shared with ${already.join(', ')}.`
                : typedAddress(term)
                  ? 'Press Enter to add this address.'
                  : 'Nobody found in the directory.',
          );
        })
        .catch(() => {
          if (!current) return;
          setResults([]);
          setSearchNote(
            typedAddress(term) ? 'Press Enter to add this address.' : 'The directory cannot be searched here; type an e-mail address.',
          );
        })
        .finally(() => {
          if (current) setSearching(false);
        });
    }, SEARCH_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text, accountId, tokens, collection.sharees]);

  const add = (token: Token) => {
    setTokens((ts) => (ts.some((t) => t.address === token.address) ? ts : [...ts, token]));
    setText('');
    setResults([]);
    setSearchNote(undefined);
    setHighlight(-1);
    inputRef.current?.focus();
  };

  const addTyped = (): boolean => {
    const token = typedAddress(text);
    if (token) add(token);
    return token !== undefined;
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && results.length > 0) {
      e.preventDefault();
      setHighlight((h) => (h + 1) % results.length);
    } else if (e.key === 'ArrowUp' && results.length > 0) {
      e.preventDefault();
      setHighlight((h) => (h <= 0 ? results.length - 1 : h - 1));
    } else if (e.key === 'Enter' || e.key === ',' || e.key === ';' || (e.key === 'Tab' && text.trim() !== '')) {
      const picked = results[highlight];
      if (picked && e.key !== ',' && e.key !== ';') {
        e.preventDefault();
        add(tokenOf(picked));
      } else if (text.trim() !== '') {
        if (addTyped()) e.preventDefault();
        else if (e.key === 'Enter') e.preventDefault();
      }
    } else if (e.key === 'Escape' && results.length > 0) {
      e.stopPropagation();
      setResults([]);
    } else if (e.key === 'Backspace' && text === '' && tokens.length > 0) {
      setTokens((ts) => ts.slice(0, -1));
    }
  };

  const pendingTyped = typedAddress(text);
  const all = pendingTyped ? [...tokens, pendingTyped] : tokens;

  const onSubmit = async (e: SyntheticEvent) => {
    e.preventDefault();
    setDone([]);
    setUnresolved([]);
    if (all.length === 0) return;
    const result = await invite.run({
      sharees: all.map((t) => (t.name === undefined ? { address: t.address, access } : { address: t.address, access, name: t.name })),
      ...(comment.trim() ? { comment: comment.trim() } : {}),
    });
    if (!result) return;
    const refused = new Set(result.unresolved);
    setUnresolved(result.notApplied);
    setTokens(all.filter((t) => refused.has(t.address)));
    setText('');
    // "Shared with Bob." where the server shares at once, "Invitation sent to Bob." where Bob must
    // accept, and a word when the server dropped the message.
    const outcome = shareOutcome(result, 'invite');
    if (outcome.length > 0) {
      setComment('');
      setDone(outcome);
    }
  };

  const expanded = results.length > 0 || (searchNote !== undefined && text.trim().length >= 2);
  return (
    <form className="card invite" onSubmit={(e) => void onSubmit(e)}>
      <label className="label" htmlFor={inputId}>
        Invite people
      </label>
      <div className="invite-row" style={{ marginTop: 6 }}>
        <div className="tokens">
          {tokens.map((t) => (
            <span className="token" key={t.address} title={t.address}>
              {t.label}
              <button
                type="button"
                aria-label={`Remove ${t.label}`}
                onClick={() => {
                  setTokens((ts) => ts.filter((x) => x.address !== t.address));
                }}
              >
                ×
              </button>
            </span>
          ))}
          <input
            id={inputId}
            ref={inputRef}
            type="text"
            role="combobox"
            autoComplete="off"
            spellCheck={false}
            aria-expanded={expanded}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={highlight >= 0 && results[highlight] ? `${listId}-${highlight}` : undefined}
            placeholder={tokens.length === 0 ? 'Name or e-mail address' : ''}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setDone([]);
            }}
            onKeyDown={onKeyDown}
            onBlur={() => {
              // Leaving the field with a complete address keeps it.
              setTimeout(() => {
                setResults([]);
              }, 150);
            }}
          />
          {expanded && (
            <ul className="suggestions" id={listId} role="listbox" aria-label="People found">
              {results.map((p, i) => (
                <li
                  key={p.url}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === highlight}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    add(tokenOf(p));
                  }}
                >
                  {p.name}
                  <span>{p.address.replace(/^mailto:/i, '')}</span>
                </li>
              ))}
              {searchNote && results.length === 0 && (
                <li className="note" role="option" aria-selected={false} aria-disabled="true">
                  {searching ? 'Searching…' : searchNote}
                </li>
              )}
            </ul>
          )}
        </div>
        <label className="visually-hidden" htmlFor={`${inputId}-access`}>
          Access for new people
        </label>
        <select
          id={`${inputId}-access`}
          value={access}
          onChange={(e) => {
            setAccess(e.target.value === 'read-write' ? 'read-write' : 'read');
          }}
        >
          <option value="read">Can view</option>
          <option value="read-write">Can edit</option>
        </select>
      </div>
      <div className="invite-options">
        <label className="visually-hidden" htmlFor={`${inputId}-comment`}>
          Message (optional)
        </label>
        <textarea
          id={`${inputId}-comment`}
          rows={1}
          placeholder="Message (optional)"
          value={comment}
          onChange={(e) => {
            setComment(e.target.value);
          }}
        />
        <button type="submit" className="btn btn-primary" disabled={invite.busy || all.length === 0}>
          {invite.busy && <span className="spinner" aria-hidden="true" />}
          Invite
        </button>
      </div>
      <div aria-live="polite" style={{ marginTop: invite.error || unresolved.length > 0 || done.length > 0 ? 10 : 0 }}>
        <ErrorMessage error={invite.error} onDismiss={invite.clear} />
        {unresolved.length > 0 && (
          <div className="alert alert-warn" role="alert">
            <p>
              <strong>Not shared</strong>
              {unresolved.map((n) => notAppliedSentence(n)).join(' ')}
            </p>
          </div>
        )}
        {done.map((line) => (
          <p className="meta" key={line}>
            {line}
          </p>
        ))}
      </div>
    </form>
  );
}
