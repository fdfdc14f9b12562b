// An error where the action was made: a heading in plain words, the engine's sentence, and
// (optionally) a way to try again.

import type { SharedeckError, ErrorCode } from '../../shared/errors';
import { inert } from '../../shared/inert-text';
import { DismissButton } from './DismissButton';

const HEADINGS: Partial<Record<ErrorCode, string>> = {
  auth: 'Wrong user name or password',
  forbidden: 'Not allowed',
  'not-found': 'Not found',
  'not-dav': 'Not a CalDAV or CardDAV server',
  'no-sharing': 'No sharing on this server',
  unsupported: 'Not offered by this server',
  'unknown-sharee': 'Unknown person',
  timeout: 'The server took too long',
  'connection-refused': 'Could not connect',
  'host-not-found': 'Server not found',
  'connection-lost': 'Connection lost',
  tls: 'Certificate problem',
  malformed: 'Unexpected answer from the server',
  'too-large': 'Answer too large',
  server: 'Server error',
  'invalid-input': 'Check your input',
  duplicate: 'Already in Sharedeck',
  'untrusted-origin': 'Another server',
  cancelled: 'Cancelled',
  'engine-stopped': 'Sharedeck’s engine restarted',
  'old-session': 'This tab is from an earlier session',
};

export function errorHeading(error: SharedeckError): string {
  return HEADINGS[error.code] ?? 'Something went wrong';
}

interface Props {
  error: SharedeckError | undefined;
  onRetry?: () => void;
  onDismiss?: () => void;
}

export function ErrorMessage({ error, onRetry, onDismiss }: Props) {
  if (!error) return null;
  return (
    <div className="alert" role="alert">
      <p>
        <strong>{errorHeading(error)}</strong>
        {/* The engine's sentence may quote the server: no control in it may act, and it is isolated. */}
        <bdi>{inert(error.message)}</bdi>
        {error.code === 'untrusted-origin' && error.origin && (
          <span className="alert-hint"> To allow it later, add it in the account’s settings (⋯ beside the account).</span>
        )}
      </p>
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Try again
        </button>
      )}
      {onDismiss && <DismissButton label="Dismiss message" onDismiss={onDismiss} />}
    </div>
  );
}
