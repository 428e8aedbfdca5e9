// An HTTP proxy between the dashboard and the API that a spec can cut, to see what a member sees
// when the API goes away mid-launch, while the API itself (and its database) stays up for the
// spec to check what was written:
// - `down()` stops listening and drops every open connection: the dashboard's next request is
//   refused, as it would be by a stopped API; `up()` listens on the same port again.
// - `loseAnswer(match)`: the next request whose body matches reaches the API, which does its
//   work and answers, but the connection to the dashboard is dropped before the answer is
//   passed on (the run created, the member never told). It resolves with what was lost.
// - `bodies(match)`: the bodies of the requests that matched, oldest first (what a retry sent).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LostAnswer {
  /** The request's body, as the dashboard sent it. */
  request: string;
  /** The API's answer that never reached the dashboard. */
  answer: string;
}

export interface ApiProxy {
  url: string;
  down(): Promise<void>;
  up(): Promise<void>;
  loseAnswer(match: RegExp): Promise<LostAnswer>;
  bodies(match: RegExp): string[];
  close(): Promise<void>;
}

/** How much of a request body is kept to match against (GraphQL bodies are far smaller). */
const MATCH_BYTES = 256 * 1024;

export async function startApiProxy(target: string): Promise<ApiProxy> {
  const upstream = new URL(target);
  let losing: { match: RegExp; resolve: (lost: LostAnswer) => void } | null = null;
  const seen: string[] = [];
  const server = http.createServer((request, response) => {
    const kept: Buffer[] = [];
    let keptBytes = 0;
    request.on('data', (chunk: Buffer) => {
      if (keptBytes < MATCH_BYTES) kept.push(chunk);
      keptBytes += chunk.length;
    });
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: request.headers,
      },
      (answer) => {
        const body = Buffer.concat(kept).toString('utf8');
        if (body) seen.push(body);
        const lose = losing?.match.test(body) ? losing : null;
        if (!lose) {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
          return;
        }
        losing = null;
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () =>
          lose.resolve({ request: body, answer: Buffer.concat(chunks).toString('utf8') }),
        );
        request.socket.destroy();
      },
    );
    forward.on('error', () => response.destroy());
    // The dashboard hung up mid-answer (a page closed its live stream): so does the proxy.
    response.on('close', () => {
      if (!response.writableFinished) forward.destroy();
    });
    request.pipe(forward);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const down = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    url: `http://127.0.0.1:${port}`,
    down,
    up: () => (server.listening ? Promise.resolve() : listen(port)),
    loseAnswer: (match) =>
      new Promise<LostAnswer>((resolve) => {
        losing = { match, resolve };
      }),
    bodies: (match) => seen.filter((body) => match.test(body)),
    close: down,
  };
}
