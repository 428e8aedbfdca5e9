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
});
