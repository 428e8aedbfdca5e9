// Issue 24 in the browser: the sign-in redirect stays on this site whatever `next` says, no
// other site can frame a page, every page runs under a nonce CSP without a single violation,
// and a state-changing request (a server action's POST) from elsewhere, or without an Origin,
// is refused with 403.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { seedRuns, type SeededRun } from './harness/seed';

const WORD = `sec${Date.now().toString(36)}`;
let runs: SeededRun[] = [];

test.beforeAll(async ({ api, stack }) => {
  runs = await seedRuns(api, stack.projectId, [
    { name: `${WORD} a`, status: 'SUCCEEDED', macroF1: 0.4 },
    { name: `${WORD} b`, status: 'RUNNING' },
  ]);
});

test.describe('sign-in redirect', () => {
  // What an attacker puts in a link: a tab (stripped by URL parsers) or dot segments that
  // normalise to `//evil.example`, a host of its own.
  for (const next of ['/%09/evil.example/x', '/.%2F%2Fevil.example', '/%5C%09evil.example']) {
    test(`?next=${next} stays on this site`, async ({ page, stack }) => {
      await page.goto(`/sign-in?next=${next}`);
      await page.getByLabel('API key').fill(stack.adminKey);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
      const landed = new URL(page.url());
      expect(landed.origin).toBe(new URL(stack.webUrl).origin);
      expect(landed.pathname).toBe('/runs');
    });
  }
});

test.describe('framing', () => {
  let attacker: Server;
  let attackerUrl: string;

  test.beforeAll(async ({ stack }) => {
    // A page on another port of the same host: the same site, so the SameSite cookie would
    // still be sent with the framed request.
    attacker = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end(
        `<!doctype html><title>evil</title><iframe id="victim" src="${stack.webUrl}/runs" width="1200" height="800"></iframe>`,
      );
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
  });
  test.afterAll(async () => {
    await new Promise((resolve) => attacker?.close(resolve));
  });

  test('a page on another port cannot frame the signed-in runs table', async ({ page, signIn }) => {
    await signIn();
    await expect(page.getByTestId('runs-table')).toBeVisible();
    const refusals: string[] = [];
    page.on('console', (message) => {
      if (/frame-ancestors|X-Frame-Options/i.test(message.text())) refusals.push(message.text());
    });
    await page.goto(attackerUrl);
    await page.waitForLoadState('load');
    await expect.poll(() => refusals.length).toBeGreaterThan(0);
    // Nothing of the dashboard rendered inside the frame.
    await expect(page.frameLocator('#victim').getByTestId('runs-table')).toHaveCount(0);
  });
});

/** Every CSP violation a page reports, from the DOM event and the console. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('__reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation(
        `${event.violatedDirective} blocked ${event.blockedURI}`,
      );
    });
  });
  return violations;
}

test.describe('browser headers', () => {
  test('pages carry a nonce CSP and the other headers, and run without a violation', async ({
    page,
    signIn,
  }) => {
    const violations = await watchViolations(page);
    const first = await page.goto('/sign-in');
    const headers = first!.headers();
    const csp = headers['content-security-policy']!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).not.toMatch(/'unsafe-eval'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('same-origin');
    expect(headers['x-content-type-options']).toBe('nosniff');
    // Plain http: no HSTS (only a proxy of ours saying https turns it on).
    expect(headers['strict-transport-security']).toBeUndefined();
    // Each response its own nonce.
    const again = await page.request.get('/sign-in');
    expect(again.headers()['content-security-policy']).not.toBe(csp);

    await signIn();
    const [a, b] = runs;
    for (const path of [
      '/runs',
      `/runs?q=${WORD}&sort=name`,
      `/runs/${a!.id}`,
      `/compare?runs=${a!.id},${b!.id}`,
      '/classes',
      '/models',
      '/settings',
      '/launch',
    ]) {
      const response = await page.goto(path);
      expect(response!.headers()['content-security-policy']).toContain("'nonce-");
      // Not 'networkidle': /runs and a run page keep their live stream open for good.
      await page.waitForLoadState('load');
      // Next's bootstrap ran, so its nonced scripts were allowed.
      await page.waitForFunction(() => typeof (window as { next?: unknown }).next === 'object');
    }
    expect(violations).toEqual([]);
  });
});

test.describe('state-changing requests from elsewhere', () => {
  test('a cross-site, Origin-less or X-Forwarded-Host-forged server action POST gets 403', async ({
    page,
    signIn,
  }) => {
    await signIn();
    const target = `/runs/${runs[1]!.id}`;
    const post = (headers: Record<string, string>) =>
      page.request.post(target, {
        headers: { 'next-action': '0'.repeat(42), 'content-type': 'text/plain', ...headers },
        data: '[]',
        maxRedirects: 0,
      });
    const crossSite = await post({ origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status()).toBe(403);
    expect(await crossSite.text()).toContain('cross-site');
    const noOrigin = await post({});
    expect(noOrigin.status()).toBe(403);
    expect(await noOrigin.text()).toContain('without an Origin header');
    const forged = await post({
      origin: 'http://evil.example',
      'x-forwarded-host': 'evil.example',
    });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('http://evil.example');
  });
});
