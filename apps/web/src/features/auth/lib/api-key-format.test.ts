import { describe, expect, it } from 'vitest';
import { checkApiKeyFormat, safeReturnPath } from './api-key-format';

const VALID = `hpa_${'A'.repeat(40)}b-_`;

describe('checkApiKeyFormat', () => {
  it('accepts a key, trimmed, with or without a pasted "Bearer "', () => {
    expect(checkApiKeyFormat(`  ${VALID}\n`)).toEqual({ ok: true, key: VALID });
    expect(checkApiKeyFormat(`Bearer ${VALID}`)).toEqual({ ok: true, key: VALID });
  });

  it('names what is wrong with a malformed key', () => {
    expect(checkApiKeyFormat('')).toMatchObject({ ok: false, message: /Paste your API key/ });
    expect(checkApiKeyFormat('sk-123')).toMatchObject({ ok: false, message: /start with hpa_/ });
    expect(checkApiKeyFormat(VALID.slice(0, 30))).toMatchObject({
      ok: false,
      message: /30 characters long; API keys have 47/,
    });
    expect(checkApiKeyFormat(`${VALID.slice(0, 46)}<`)).toMatchObject({
      ok: false,
      message: /characters API keys never have/,
    });
    expect(checkApiKeyFormat(undefined)).toMatchObject({ ok: false });
  });
});

describe('safeReturnPath', () => {
  it('keeps local paths and refuses other origins', () => {
    expect(safeReturnPath('/runs?sort=name')).toBe('/runs?sort=name');
    expect(safeReturnPath('//evil.example/x')).toBe('/runs');
    expect(safeReturnPath('https://evil.example')).toBe('/runs');
    expect(safeReturnPath('/\\evil.example')).toBe('/runs');
    expect(safeReturnPath(undefined)).toBe('/runs');
  });

  it('refuses targets that a URL parser turns into another host (tab, newline, dot segments)', () => {
    // What `?next=/%09/evil.example/x` and `?next=/.%2F%2Fevil.example` decode to.
    expect(safeReturnPath('/\t/evil.example/x')).toBe('/runs');
    expect(safeReturnPath('/\n/evil.example/x')).toBe('/runs');
    expect(safeReturnPath('/.//evil.example')).toBe('/runs');
    expect(safeReturnPath('/./\\evil.example')).toBe('/runs');
    expect(safeReturnPath('/x/..//evil.example')).toBe('/runs');
    expect(safeReturnPath('/\t\\evil.example')).toBe('/runs');
    expect(safeReturnPath('https:evil.example')).toBe('/runs');
  });

  it('returns the normalised path, query and fragment of a local target', () => {
    expect(safeReturnPath('/runs/./abc/../def?x=1#top')).toBe('/runs/def?x=1#top');
    expect(safeReturnPath('/compare?ids=a,b')).toBe('/compare?ids=a,b');
  });
});
