// The People view as a file for an access review, made by the shared export functions (the same
// CSV and JSON as `sharedeck people --csv / --json`), and handed to the browser as a download. In
// the desktop app the same download opens the system's save dialog (the shell allows downloads of
// the app's own blob: URLs and nothing else), so the preload needs nothing for it.

import type { Account, PersonAccess } from '../../../shared/model';
import { peopleToCsv, peopleToJson } from '../../../shared/people';

export type ExportFormat = 'csv' | 'json';

export interface ExportFile {
  name: string;
  type: string;
  text: string;
}

/**
 * The file of these people: grants name their account by its label. The CSV starts with a byte
 * order mark, which spreadsheet programs need to read UTF-8 (names in any script) as such.
 */
export function exportFile(
  format: ExportFormat,
  people: readonly PersonAccess[],
  accounts: readonly Account[],
  now = new Date(),
): ExportFile {
  const labels = Object.fromEntries(accounts.map((a) => [a.id, a.label]));
  const day = now.toISOString().slice(0, 10);
  return format === 'csv'
    ? { name: `sharedeck-people-${day}.csv`, type: 'text/csv;charset=utf-8', text: `\uFEFF${peopleToCsv(people, labels)}` }
    : { name: `sharedeck-people-${day}.json`, type: 'application/json;charset=utf-8', text: peopleToJson(people, labels) };
}

/** Hands the file to the browser (or the desktop shell) as a download. */
export function download(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it started.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 60_000);
}
