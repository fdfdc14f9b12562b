// What the shells log about an unexpected error: its name, message and stack, with every value
// of the call's arguments cut out, since those may hold a password. Shared by the IPC handlers
// and browser mode, which take the same calls.

/**
 * The strings inside the call's arguments that must not be logged, longest first: every value of a
 * secret-looking field (whatever its length), and every other string of 3 or more characters
 * (shorter ones would cut ordinary words out of the message and hide nothing).
 */
function argumentStrings(args: unknown): string[] {
  const found = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (value: unknown, secret: boolean, depth: number): void => {
    if (typeof value === 'string') {
      if (value.length >= 3 || (secret && value !== '')) found.add(value);
      return;
    }
    if (typeof value !== 'object' || value === null || depth > 8 || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const v of value) visit(v, secret, depth + 1);
      return;
    }
    for (const [k, v] of Object.entries(value)) visit(v, secret || /pass|secret|token/i.test(k), depth + 1);
  };
  visit(args, false, 0);
  return [...found].sort((a, b) => b.length - a.length);
}

/** The error's name, message and stack, with every argument value cut out. */
export function describeError(error: unknown, args: unknown): string {
  let text: string;
  if (error instanceof Error) {
    text = error.stack ?? `${error.name}: ${error.message}`;
    if (!text.includes(error.message)) text = `${error.name}: ${error.message}\n${text}`;
    if (error.cause !== undefined) {
      const cause = error.cause instanceof Error ? `${error.cause.name}: ${error.cause.message}` : typeof error.cause;
      text += `\ncaused by ${cause}`;
    }
  } else {
    text = `a thrown ${error === null ? 'null' : typeof error}`;
  }
  for (const value of argumentStrings(args)) text = text.split(value).join('[redacted]');
  return text;
}
