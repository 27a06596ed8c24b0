/**
 * Serves the exchanges a real MLflow 2.17.2 server answered (fixtures/rest),
 * byte for byte, and only those: a request that was not recorded is noted and
 * answered with an error, so a client that sends anything MLflow was not
 * asked in the recordings fails its test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { listen, readBody, stop } from '../helpers/servers';

export interface Exchange {
  file: string;
  method: string;
  path: string;
  /** Decoded key/value pairs, sorted: the query compared as a multiset. */
  query: [string, string][];
  /** Parsed JSON body; undefined when the request had none. */
  body: unknown;
  jsonContentType: boolean;
  status: number;
  contentType: string;
  responseBody: string;
}

export interface SeenRequest {
  method: string;
  url: string;
  body: string;
  headers: IncomingHttpHeaders;
}

const sortedPairs = (params: URLSearchParams): [string, string][] =>
  [...params.entries()].sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1));

/** `$ curl -X METHOD 'URL' [-H 'header']… [-d 'body']`, then `HTTP <status> <content type>`, then the body. */
export function parseExchange(file: string, text: string): Exchange {
  const firstBreak = text.indexOf('\n');
  const secondBreak = text.indexOf('\n', firstBreak + 1);
  const command = text.slice(0, firstBreak);
  const statusLine = text.slice(firstBreak + 1, secondBreak);
  const m = /^\$ curl -X (\w+) '([^']*)'((?: -H '[^']*')*)(?: -d '(.*)')?$/.exec(command);
  const s = /^HTTP (\d{3}) (.*)$/.exec(statusLine);
  if (!m || !s) throw new Error(`${file}: not a recorded exchange`);
  const url = new URL(m[2]);
  const data = m[4]?.replace(/'\\''/g, "'");
  return {
    file,
    method: m[1],
    path: url.pathname,
    query: sortedPairs(url.searchParams),
    body: data === undefined ? undefined : JSON.parse(data),
    jsonContentType: /-H 'Content-Type: application\/json'/i.test(m[3] ?? ''),
    status: Number(s[1]),
    contentType: s[2],
    responseBody: text.slice(secondBreak + 1),
  };
}

export function loadExchanges(dir: string, numbers: (n: number) => boolean): Exchange[] {
  return readdirSync(dir)
    .filter((f) => /^\d\d-.*\.txt$/.test(f) && numbers(Number(f.slice(0, 2))))
    .sort()
    .map((f) => parseExchange(f, readFileSync(join(dir, f), 'utf8')));
}

/**
 * Not in the recordings: the client's first call. The README states the server
 * was MLflow 2.17.2, which is what its GET /version answers (plain text).
 */
export const VERSION_EXCHANGE: Exchange = {
  file: '(synthetic) GET /version',
  method: 'GET',
  path: '/version',
  query: [],
  body: undefined,
  jsonContentType: false,
  status: 200,
  contentType: 'text/plain; charset=utf-8',
  responseBody: '2.17.2',
};

function matches(x: Exchange, method: string, url: URL, body: unknown, contentType: string | undefined): boolean {
  return (
    x.method === method &&
    x.path === url.pathname &&
    isDeepStrictEqual(x.query, sortedPairs(url.searchParams)) &&
    isDeepStrictEqual(x.body, body) &&
    (!x.jsonContentType || /^application\/json\b/i.test(contentType ?? ''))
  );
}

export class ReplayServer {
  /** Files served since the last take(), in order. */
  private served: string[] = [];
  private unrecorded: SeenRequest[] = [];
  readonly everServed = new Set<string>();
  readonly requests: SeenRequest[] = [];
  private cursor = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly unordered: Exchange[],
    private readonly sequence: Exchange[],
  ) {}

  /** `unordered` may be served any number of times in any order; `sequence` exactly once each, in order. */
  static async start(unordered: Exchange[], sequence: Exchange[] = []): Promise<ReplayServer> {
    // eslint-disable-next-line prefer-const -- the handler needs the server before it exists
    let self: ReplayServer | undefined;
    const server = createServer((req, res) => {
      void readBody(req).then((raw) => self!.answer(req.method ?? '', req.url ?? '', raw.toString('utf8'), req.headers, res));
    });
    const url = await listen(server);
    self = new ReplayServer(server, url, unordered, sequence);
    return self;
  }

  private answer(method: string, rawUrl: string, rawBody: string, headers: IncomingHttpHeaders, res: import('node:http').ServerResponse): void {
    const seen: SeenRequest = { method, url: rawUrl, body: rawBody, headers };
    this.requests.push(seen);
    const url = new URL(rawUrl, 'http://replay');
    let body: unknown;
    try {
      body = rawBody === '' ? undefined : JSON.parse(rawBody);
    } catch {
      body = { unparseable: rawBody };
    }
    const contentType = headers['content-type'];
    const next = this.sequence[this.cursor];
    let hit: Exchange | undefined;
    if (next && matches(next, method, url, body, contentType)) {
      hit = next;
      this.cursor++;
    } else {
      hit = this.unordered.find((x) => matches(x, method, url, body, contentType));
    }
    if (!hit) {
      this.unrecorded.push(seen);
      res.writeHead(599, { 'Content-Type': 'text/plain' }).end(`unrecorded request: ${method} ${rawUrl} ${rawBody}`);
      return;
    }
    this.served.push(hit.file);
    this.everServed.add(hit.file);
    res.writeHead(hit.status, { 'Content-Type': hit.contentType }).end(hit.responseBody);
  }

  /** What was served and what was refused since the previous call. */
  take(): { served: string[]; unrecorded: string[] } {
    const out = { served: this.served, unrecorded: this.unrecorded.map((r) => `${r.method} ${r.url} ${r.body}`) };
    this.served = [];
    this.unrecorded = [];
    return out;
  }

  get sequenceDone(): boolean {
    return this.cursor === this.sequence.length;
  }

  close(): Promise<void> {
    return stop(this.server);
  }
}
