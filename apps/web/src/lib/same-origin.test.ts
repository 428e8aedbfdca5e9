import { describe, expect, it } from 'vitest';
import { crossSiteReason, siteOrigin, stateChangeRefusal } from './same-origin';

const headers = (values: Record<string, string>) => ({
  get: (name: string) => values[name] ?? null,
});

describe('crossSiteReason', () => {
  it('lets same-origin requests and typed-in addresses through', () => {
    expect(
      crossSiteReason(headers({ 'sec-fetch-site': 'same-origin' }), 'http://a'),
    ).toBeUndefined();
    expect(crossSiteReason(headers({ 'sec-fetch-site': 'none' }), 'http://a')).toBeUndefined();
    expect(crossSiteReason(headers({ origin: 'http://a' }), 'http://a')).toBeUndefined();
    expect(crossSiteReason(headers({}), 'http://a')).toBeUndefined();
  });

  it('refuses cross-site and same-site-but-other-origin requests', () => {
    expect(crossSiteReason(headers({ 'sec-fetch-site': 'cross-site' }), 'http://a')).toMatch(
      /cross-site/,
    );
    expect(crossSiteReason(headers({ 'sec-fetch-site': 'same-site' }), 'http://a')).toMatch(
      /same-site/,
    );
    expect(crossSiteReason(headers({ origin: 'http://evil' }), 'http://a')).toMatch(
      /http:\/\/evil/,
    );
  });
});

describe('siteOrigin', () => {
  const forged = headers({
    host: '127.0.0.1:3000',
    'x-forwarded-host': 'evil.example',
    'x-forwarded-proto': 'https',
  });

  it('ignores X-Forwarded-* unless a proxy of ours is configured', () => {
    expect(siteOrigin(forged, false)).toBe('http://127.0.0.1:3000');
  });

  it('believes the configured proxy, first value first', () => {
    expect(siteOrigin(forged, true)).toBe('https://evil.example');
    expect(
      siteOrigin(
        headers({ host: 'internal:3000', 'x-forwarded-host': 'lab.example.org, internal' }),
        true,
      ),
    ).toBe('http://lab.example.org');
  });
});

describe('stateChangeRefusal', () => {
  it('refuses a state-changing request without an Origin, or from another one', () => {
    expect(stateChangeRefusal(headers({}), 'http://a')).toMatch(/without an Origin header/);
    expect(stateChangeRefusal(headers({ origin: 'http://evil' }), 'http://a')).toMatch(
      /another origin \(http:\/\/evil\)/,
    );
    expect(
      stateChangeRefusal(
        headers({ origin: 'http://a', 'sec-fetch-site': 'cross-site' }),
        'http://a',
      ),
    ).toMatch(/cross-site/);
    expect(stateChangeRefusal(headers({ origin: 'http://a' }), 'http://a')).toBeUndefined();
  });
});
