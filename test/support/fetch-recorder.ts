// What the engine sends, as its own fetch sees it: a fetch to give the service (http.fetch) that
// records each request (method, URL, headers, string body) and, once answered, its status, and
// counts how many are in flight. The real global fetch does the sending. For tests and benchmarks
// that count or replay the engine's requests.

export interface SentRequest {
  method: string;
  url: string;
  headers: [string, string][];
  /** The body when it was a string (every body the engine sends is). */
  body: string | undefined;
  /** The answer's status, once it came (0 when the exchange failed). */
  status?: number;
}

export class FetchRecorder {
  readonly sent: SentRequest[] = [];
  /** Whether requests are recorded now (they are always sent). */
  recording = true;
  inFlight = 0;
  maxInFlight = 0;

  readonly fetch: typeof fetch = async (input, init) => {
    const request: SentRequest = {
      method: init?.method ?? 'GET',
      url: input instanceof Request ? input.url : input instanceof URL ? input.href : input,
      headers: [...new Headers(init?.headers)],
      body: typeof init?.body === 'string' ? init.body : undefined,
    };
    if (this.recording) this.sent.push(request);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const res = await fetch(input, init);
      request.status = res.status;
      return res;
    } catch (e) {
      request.status = 0;
      throw e;
    } finally {
      this.inFlight--;
    }
  };

  /** The requests recorded from `from` on (an index into `sent`). */
  since(from: number): SentRequest[] {
    return this.sent.slice(from);
  }
}

/** A request's header, by name in any case. */
export function headerOf(request: SentRequest, name: string): string | undefined {
  return request.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}
