import { describe, expect, it } from 'vitest';
import { crossSiteReason } from './same-origin';

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
