// The cuttable proxy against a real HTTP server: it passes requests and answers through, loses
// the answer of the request it is told to (after the server did the work), refuses connections
// while down and passes again once up.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiProxy, startApiProxy } from './api-proxy';

let server: http.Server | undefined;
let proxy: ApiProxy | undefined;
/** Bodies the server received, in order. */
let received: string[] = [];

async function startServer(): Promise<string> {
  received = [];
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push(body);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ echo: body }));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function post(url: string, body: string) {
  return fetch(`${url}/graphql`, { method: 'POST', body }).then((response) => response.json());
}

afterEach(async () => {
  await proxy?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  proxy = undefined;
});

describe('startApiProxy', () => {
  it('passes requests and answers through', async () => {
    proxy = await startApiProxy(await startServer());
    await expect(post(proxy.url, 'first')).resolves.toEqual({ echo: 'first' });
    expect(received).toEqual(['first']);
  });

  it('loses the answer of a matching request after the server answered it, and only that one', async () => {
    proxy = await startApiProxy(await startServer());
    const lost = proxy.loseAnswer(/launchRun/);
    await expect(post(proxy.url, 'query other')).resolves.toEqual({ echo: 'query other' });
    await expect(post(proxy.url, 'mutation launchRun')).rejects.toThrow();
    await expect(lost).resolves.toEqual({
      request: 'mutation launchRun',
      answer: JSON.stringify({ echo: 'mutation launchRun' }),
    });
    expect(received).toEqual(['query other', 'mutation launchRun']);
    await expect(post(proxy.url, 'mutation launchRun again')).resolves.toEqual({
      echo: 'mutation launchRun again',
    });
    expect(proxy.bodies(/launchRun/)).toEqual(['mutation launchRun', 'mutation launchRun again']);
  });

  it('refuses connections while down, and passes again once up on the same address', async () => {
    proxy = await startApiProxy(await startServer());
    await post(proxy.url, 'before');
    await proxy.down();
    const refused = await post(proxy.url, 'while down').catch((error: Error) => error);
    expect((refused as Error & { cause?: { code?: string } }).cause?.code).toBe('ECONNREFUSED');
    expect(received).toEqual(['before']);
    await proxy.up();
    await expect(post(proxy.url, 'after')).resolves.toEqual({ echo: 'after' });
  });
});
