// What the app found wrong at start (a damaged settings file kept aside, and what it started with
// instead): shown once, above everything, until dismissed.

import { useEffect, useState } from 'react';
import { api } from '../api';
import { DismissButton } from './DismissButton';
import './notes.css';

export function Notices() {
  const [notices, setNotices] = useState<string[]>([]);
  useEffect(() => {
    // Each notice is handed out once, so whatever arrives is kept (even after a remount).
    api
      .takeNotices()
      .then((list) => {
        if (list.length > 0) setNotices((shown) => [...shown, ...list]);
      })
      .catch(() => undefined); // nothing to say is the usual case; a failed call says nothing either
  }, []);
  if (notices.length === 0) return null;
  return (
    <div className="alert alert-warn notices" role="status">
      <div>
        {notices.map((n, i) => (
          <p key={i}>{n}</p>
        ))}
      </div>
      <DismissButton
        label="Dismiss"
        onDismiss={() => {
          setNotices([]);
        }}
      />
    </div>
  );
}
