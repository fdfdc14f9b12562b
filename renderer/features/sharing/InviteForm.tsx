// Invite people: directory search as you type (debounced), free-form e-mail addresses, several at
// once, each with their own access (set on their chip), and an optional message. Everything is
// checked before it is sent: what is not an address gets a reason and stays in the field, the
// account's own address is refused, and an address the directory does not know is pointed out and
// only sent when the person confirms. The result shown is the server's re-read state.

import { useEffect, useId, useRef, useState, type KeyboardEvent, type SyntheticEvent } from 'react';
import { addressKey, sameAddress } from '../../../shared/addresses';
import { aclNotAppliedSentence, addressLabel, directoryName, notAppliedSentence, shareOutcome } from '../../../shared/format';
import { isolate } from '../../../shared/inert-text';
import type { Access, Account, Collection, NotApplied, Principal, ShareResult } from '../../../shared/model';
import { sameCollection } from '../../../shared/urls';
import { xmlUnsafeMessage } from '../../../shared/xml-text';
import { api, toSharedeckError } from '../../api';
import { ActionButton } from '../../components/ActionButton';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Isolated } from '../../components/Isolated';
import { GroupIcon } from '../../components/icons';
import { useAction, useErrorClearedByRead } from '../../components/useAction';
import { ACCESS_WORDS, accessPhrase } from '../../components/vocabulary';
import { useStore } from '../../store';
import { readTime } from '../../store/collections';
import { addressProblem, inviteeProblem, typedAddress } from './typed-address';

interface Token {
  address: string;
  label: string;
  access: Access;
  /** The access was set on this chip: the form's access no longer changes it. */
  ownAccess?: boolean;
  /** Typed (not picked from the directory) and the directory has nobody with it; undefined: not known (yet). */
  unknown?: boolean;
  /** The display name the directory gave, sent along where the dialect carries one (sabre stores it). */
  name?: string;
  /** A group from the directory: everyone in it gets the access. */
  group?: boolean;
  /** The directory entry's principal URL, which a direct grant names. */
  url?: string;
}

/** A chip for someone the directory found. */
function tokenOf(p: Principal, access: Access): Token {
  const name = directoryName(p);
  const token: Token = { address: p.address, label: p.name, access, unknown: false, url: p.url };
  if (name !== undefined) token.name = name;
  if (p.type === 'group') token.group = true;
  return token;
}

const SEARCH_DELAY_MS = 250;

/** The line under a directory entry: its mail address, and "Group" for a group (whose members all get access). */
function suggestionDetail(p: Principal): string {
  const mail = [p.address, ...p.addresses].find((a) => /^mailto:/i.test(a))?.slice(7);
  if (p.type === 'group') return mail ? `Group · ${mail}` : 'Group: everyone in it';
  return mail ?? addressLabel(p.address);
}

/** Whether a directory entry is already among the collection's sharees (servers rewrite hrefs) or direct grants. */
function findListed(collection: Collection, p: Principal): boolean {
  const mine = new Set([p.address, ...p.addresses].map(addressKey));
  return (
    collection.sharees.some((s) => mine.has(addressKey(s.address))) ||
    (collection.aclGrants ?? []).some((g) => g.everyone === undefined && sameCollection(g.address, p.url))
  );
}

/** What a direct grant gave, as the re-read shows it: "Gave Bob direct access: can edit." */
function directOutcome(result: ShareResult, tokens: readonly Token[]): string[] {
  return result.applied.map((s) => {
    const picked = tokens.find((t) => t.url !== undefined && sameCollection(t.url, s.address));
    return `Gave ${isolate(picked?.label ?? addressLabel(s.address))} direct access: ${accessPhrase(s.access)}.`;
  });
}

function accessOf(value: string): Access {
  return value === 'read-write' ? 'read-write' : 'read';
}

function names(tokens: readonly Token[]): string {
  const labels = tokens.map((t) => t.label);
  return labels.length <= 1 ? labels.join('') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

/**
 * `direct`: the collection's only route is its access list, so people get access at once, by a
 * direct grant: no invitation, no message.
 */
export function InviteForm({ account, collection, direct = false }: { account: Account; collection: Collection; direct?: boolean }) {
  const share = useStore((s) => s.share);
  const accountId = account.id;
  const [tokens, setTokens] = useState<Token[]>([]);
  const [text, setText] = useState('');
  const [access, setAccess] = useState<Access>('read');
  const [comment, setComment] = useState('');
  const [results, setResults] = useState<Principal[]>([]);
  const [searching, setSearching] = useState(false);
  const [searchNote, setSearchNote] = useState<string>();
  const [skippedNote, setSkippedNote] = useState<string>();
  const [highlight, setHighlight] = useState(-1);
  /** Why what is typed cannot be added or sent as it is. */
  const [problem, setProblem] = useState<string>();
  const [unresolved, setUnresolved] = useState<NotApplied[]>([]);
  const [done, setDone] = useState<string[]>([]);
  const [confirmUnknown, setConfirmUnknown] = useState<Token[]>();
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const listId = useId();
  const problemId = useId();
  const invite = useAction((request: Parameters<typeof share>[2]) => share(accountId, collection.url, request));
  // An invitation that failed (a server that was down) says so until the collection is read again.
  useErrorClearedByRead(
    invite,
    useStore((s) => readTime(s.collections[accountId], collection.url)),
  );

  // Debounced directory search; a newer query wins over a slower older one.
  useEffect(() => {
    const term = text.trim();
    if (term.length < 2 || typedAddress(term)?.address.startsWith('/')) {
      setResults([]);
      setSearchNote(undefined);
      setSkippedNote(undefined);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      setSearching(true);
      api
        .searchPrincipals(accountId, term)
        .then(({ principals: found, skipped }) => {
          if (!current) return;
          const chosen = new Set(tokens.map((t) => t.address));
          const fresh = found.filter((p) => !chosen.has(p.address) && !findListed(collection, p));
          const already = found.filter((p) => findListed(collection, p)).map((p) => isolate(p.name));
          setResults(fresh);
          setSkippedNote(
            skipped.length === 0
              ? undefined
              : `${skipped.length === 1 ? 'One entry' : `${skipped.length} entries`} of the directory could not be shown.`,
          );
          setHighlight(fresh.length > 0 ? 0 : -1);
          setSearchNote(
            fresh.length > 0
              ? undefined
              : already.length > 0
                ? `${direct ? 'Already has access' : 'Already shared with'}: ${already.join(', ')}.`
                : typedAddress(term)
                  ? 'Nobody in the directory has this address. Press Enter to add it all the same.'
                  : 'Nobody found in the directory.',
          );
        })
        .catch((e: unknown) => {
          if (!current) return;
          setResults([]);
          setSkippedNote(undefined);
          // The real cause (a server that is down says so), and what still works.
          const error = toSharedeckError(e);
          setSearchNote(
            `The directory could not be searched: ${error.message}${typedAddress(term) ? ' Press Enter to add this address.' : ''}`,
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
  }, [text, accountId, tokens, collection]);

  /** Adds a person as a chip, unless they cannot be invited here (then says why, and keeps the text). */
  const add = (token: Token): boolean => {
    const why = inviteeProblem(token.address, token.label, account, collection);
    if (why) {
      setProblem(why);
      return false;
    }
    setTokens((ts) => (ts.some((t) => t.address === token.address) ? ts : [...ts, token]));
    setText('');
    setResults([]);
    setSearchNote(undefined);
    setHighlight(-1);
    setProblem(undefined);
    inputRef.current?.focus();
    return true;
  };

  const pick = (p: Principal) => add(tokenOf(p, access));

  /** Checks a typed address against the directory; the chip is marked when nobody has it. */
  const checkInDirectory = (token: Token) => {
    if (token.address.startsWith('/') || !/^mailto:/i.test(token.address)) return;
    api.searchPrincipals(accountId, token.label).then(
      ({ principals: found }) => {
        const known = found.find((p) => [p.address, ...p.addresses].some((a) => sameAddress(a, token.address)));
        setTokens((ts) =>
          ts.map((t) =>
            t.address !== token.address
              ? t
              : known
                ? { ...tokenOf(known, t.access), ...(t.ownAccess ? { ownAccess: true } : {}) }
                : { ...t, unknown: true },
          ),
        );
      },
      () => undefined, // a directory that cannot be searched says nothing about the address
    );
  };

  /** Adds what is typed; says why when it is not an address. */
  const addTyped = (): boolean => {
    const typed = typedAddress(text);
    if (!typed) {
      setProblem(addressProblem(text));
      return false;
    }
    const token: Token = { ...typed, access };
    if (!add(token)) return false;
    checkInDirectory(token);
    return true;
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
        pick(picked);
      } else if (text.trim() !== '') {
        // Tab with something that is not an address moves on, leaving the reason shown.
        if (addTyped() || e.key !== 'Tab') e.preventDefault();
      } else if (e.key === 'Enter') {
        // An empty field with people chosen: Enter invites them.
        return;
      }
    } else if (e.key === 'Escape' && results.length > 0) {
      e.stopPropagation();
      setResults([]);
    } else if (e.key === 'Backspace' && text === '' && tokens.length > 0) {
      setTokens((ts) => ts.slice(0, -1));
    }
  };

  // Said where it is typed, before anything is sent: XML cannot carry some characters.
  const commentProblem = xmlUnsafeMessage('The message', comment);

  const send = async (people: readonly Token[]) => {
    setConfirmUnknown(undefined);
    const result = await invite.run({
      sharees: people.map((t) =>
        t.name === undefined ? { address: t.address, access: t.access } : { address: t.address, access: t.access, name: t.name },
      ),
      ...(comment.trim() && !direct ? { comment: comment.trim() } : {}),
    });
    inputRef.current?.focus();
    if (!result) return;
    const refused = new Set(result.unresolved);
    setUnresolved(result.notApplied);
    setTokens(people.filter((t) => refused.has(t.address)));
    // "Shared with Bob." where the server shares at once, "Invitation sent to Bob." where Bob must
    // accept, and a word when the server dropped the message; a direct grant says what it gave.
    const outcome = direct ? directOutcome(result, people) : shareOutcome(result, 'invite', isolate);
    if (outcome.length > 0) {
      setComment('');
      setDone(outcome);
    }
  };

  const onSubmit = (e: SyntheticEvent) => {
    e.preventDefault();
    setDone([]);
    setUnresolved([]);
    if (commentProblem) return; // said under the message field
    let people = tokens;
    if (text.trim() !== '') {
      // A typed address is never dropped: it is invited with the others, or it says why it cannot be.
      const typed = typedAddress(text);
      const why = typed ? inviteeProblem(typed.address, typed.label, account, collection) : addressProblem(text);
      if (!typed || why) {
        setProblem(why);
        inputRef.current?.focus();
        return;
      }
      const token: Token = { ...typed, access };
      people = [...tokens.filter((t) => t.address !== token.address), token];
      setTokens(people);
      setText('');
      setProblem(undefined);
    }
    if (people.length === 0) return;
    // No invitation can wait for an unknown address on the ACL route: the engine says so at once.
    const unknown = direct ? [] : people.filter((t) => t.unknown === true);
    if (unknown.length > 0) setConfirmUnknown(people);
    else void send(people);
  };

  // A reason why the text cannot be invited replaces the suggestions (they would cover it).
  const expanded = problem === undefined && (results.length > 0 || (searchNote !== undefined && text.trim().length >= 2));
  const unknownOnes = (confirmUnknown ?? []).filter((t) => t.unknown === true);
  return (
    <form className="card invite" onSubmit={onSubmit}>
      <label className="label" htmlFor={inputId}>
        {direct ? 'Give people access' : 'Invite people'}
      </label>
      <div className="invite-row" style={{ marginTop: 6 }}>
        <div className="tokens">
          {tokens.map((t) => (
            <span
              className={t.unknown ? 'token token-unknown' : t.group ? 'token token-group' : 'token'}
              key={t.address}
              title={isolate(t.address)}
            >
              {t.group && <GroupIcon />}
              <bdi>{t.label}</bdi>
              {t.unknown && <span className="visually-hidden"> (not in the directory)</span>}
              {t.group && <span className="visually-hidden"> (group)</span>}
              <label className="visually-hidden" htmlFor={`${inputId}-${t.address}`}>
                Access to give {t.label}
                {t.group ? ' (group)' : ''}
              </label>
              <select
                id={`${inputId}-${t.address}`}
                className="token-access"
                value={t.access}
                onChange={(e) => {
                  const next = accessOf(e.target.value);
                  setTokens((ts) => ts.map((x) => (x.address === t.address ? { ...x, access: next, ownAccess: true } : x)));
                }}
              >
                <option value="read">{ACCESS_WORDS.read}</option>
                <option value="read-write">{ACCESS_WORDS['read-write']}</option>
              </select>
              <button
                type="button"
                aria-label={`Remove ${t.label}`}
                onClick={() => {
                  setTokens((ts) => ts.filter((x) => x.address !== t.address));
                  inputRef.current?.focus();
                }}
              >
                ×
              </button>
            </span>
          ))}
          <input
            id={inputId}
            ref={inputRef}
            data-focus="invite"
            type="text"
            role="combobox"
            autoComplete="off"
            spellCheck={false}
            aria-expanded={expanded}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-invalid={problem !== undefined || undefined}
            aria-describedby={problem ? problemId : undefined}
            aria-activedescendant={highlight >= 0 && results[highlight] ? `${listId}-${highlight}` : undefined}
            placeholder={tokens.length === 0 ? 'Name or e-mail address' : ''}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              // What was said about earlier input no longer applies.
              setDone([]);
              setProblem(undefined);
              setUnresolved([]);
            }}
            onKeyDown={onKeyDown}
            onBlur={() => {
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
                    pick(p);
                  }}
                >
                  <span className="suggestion-name">
                    {p.type === 'group' && <GroupIcon />}
                    <bdi>{p.name}</bdi>
                  </span>
                  <bdi className="suggestion-address">{suggestionDetail(p)}</bdi>
                </li>
              ))}
              {skippedNote && !searching && (
                <li className="note" role="option" aria-selected={false} aria-disabled="true">
                  {skippedNote}
                </li>
              )}
              {searchNote && results.length === 0 && (
                <li className="note" role="option" aria-selected={false} aria-disabled="true">
                  {searching ? 'Searching…' : <Isolated text={searchNote} />}
                </li>
              )}
            </ul>
          )}
        </div>
        <label className="visually-hidden" htmlFor={`${inputId}-access`}>
          Access for new people
        </label>
        {/* The access of everyone chosen; a chip's own select sets one person apart. */}
        <select
          id={`${inputId}-access`}
          value={access}
          title="Access for everyone chosen, unless set on their chip"
          onChange={(e) => {
            const next = accessOf(e.target.value);
            setAccess(next);
            setTokens((ts) => ts.map((t) => (t.ownAccess ? t : { ...t, access: next })));
          }}
        >
          <option value="read">{ACCESS_WORDS.read}</option>
          <option value="read-write">{ACCESS_WORDS['read-write']}</option>
        </select>
      </div>
      {problem && (
        <p className="field-problem" id={problemId} role="alert">
          {problem}
        </p>
      )}
      <div className="invite-options">
        {direct ? (
          <p className="meta invite-note">Direct access (ACL): it takes effect at once, with no invitation to accept.</p>
        ) : (
          <>
            <label className="visually-hidden" htmlFor={`${inputId}-comment`}>
              Message (optional)
            </label>
            <textarea
              id={`${inputId}-comment`}
              rows={1}
              placeholder="Message (optional)"
              value={comment}
              aria-invalid={commentProblem ? true : undefined}
              aria-describedby={commentProblem ? `${inputId}-comment-problem` : undefined}
              onChange={(e) => {
                setComment(e.target.value);
              }}
            />
          </>
        )}
        <ActionButton
          type="submit"
          className="btn btn-primary"
          busy={invite.busy}
          aria-disabled={(tokens.length === 0 && text.trim() === '') || commentProblem !== undefined || undefined}
        >
          {direct ? 'Give access' : 'Invite'}
        </ActionButton>
      </div>
      {commentProblem && (
        <p className="field-problem" id={`${inputId}-comment-problem`} role="alert">
          {commentProblem}
        </p>
      )}
      <div aria-live="polite" style={{ marginTop: invite.error || unresolved.length > 0 || done.length > 0 ? 10 : 0 }}>
        <ErrorMessage error={invite.error} onDismiss={invite.clear} />
        {unresolved.length > 0 && (
          <div className="alert alert-warn" role="alert">
            <p>
              <strong>{direct ? 'Not given' : 'Not shared'}</strong>
              <Isolated
                text={unresolved
                  .map((n) => (direct ? aclNotAppliedSentence(n, isolate(addressLabel(n.address))) : notAppliedSentence(n, isolate)))
                  .join(' ')}
              />
            </p>
          </div>
        )}
        {done.map((line) => (
          <p className="meta" key={line}>
            <Isolated text={line} />
          </p>
        ))}
      </div>
      {confirmUnknown && (
        <ConfirmDialog
          title={`Invite ${names(unknownOnes)}?`}
          description={`Nobody in the directory has ${unknownOnes.length === 1 ? 'this address' : 'these addresses'}. The server may take the invitation all the same, and it then waits for an answer that never comes. Check the spelling, or invite anyway.`}
          confirmLabel="Invite anyway"
          tone="primary"
          onCancel={() => {
            setConfirmUnknown(undefined);
          }}
          onConfirm={() => void send(confirmUnknown)}
        />
      )}
    </form>
  );
}
