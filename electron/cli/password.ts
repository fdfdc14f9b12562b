// The password of the `sharedeck` command line: SHAREDECK_PASSWORD, else asked for on the
// terminal without echo, else the first line of standard input (for scripts). Never a flag.

import type { Readable, Writable } from 'node:stream';

export interface PasswordIo {
  env: Record<string, string | undefined>;
  stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stderr: Writable;
}

export class PromptCancelled extends Error {
  override name = 'PromptCancelled';
}

export async function readPassword(io: PasswordIo, prompt: string): Promise<string> {
  const fromEnv = io.env.SHAREDECK_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return io.stdin.isTTY && io.stdin.setRawMode ? askOnTerminal(io, prompt) : firstLine(io.stdin);
}

function askOnTerminal(io: PasswordIo, prompt: string): Promise<string> {
  const { stdin, stderr } = io;
  stderr.write(prompt);
  stdin.setRawMode?.(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (err?: Error) => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.off('data', onData);
      stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          finish();
          return;
        }
        if (ch === '\u0003' || ch === '\u0004') {
          finish(new PromptCancelled('cancelled'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function firstLine(stdin: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += (chunk as Buffer).toString('utf8');
    const nl = text.indexOf('\n');
    if (nl !== -1) return text.slice(0, nl).replace(/\r$/, '');
    if (text.length > 4096) break;
  }
  return text.replace(/\r?\n$/, '');
}
