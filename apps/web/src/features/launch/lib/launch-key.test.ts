import { describe, expect, it } from 'vitest';
import { launchAttemptFor, newLaunchKey, stableJson } from './launch-key';

describe('launch keys', () => {
  it('makes keys the API accepts (8-128 letters, digits, - or _), different each time', () => {
    const key = newLaunchKey();
    expect(key).toMatch(/^[A-Za-z0-9_-]{8,128}$/);
    expect(newLaunchKey()).not.toBe(key);
  });

  it('reuses the key for the same input, in whatever key order; a changed input gets a new one', () => {
    let n = 0;
    const makeKey = () => `key-${(n += 1)}-xxxxxxxx`;
    const first = launchAttemptFor(null, { name: 'a', config: { epochs: 1, seed: 2 } }, makeKey);
    const retry = launchAttemptFor(first, { config: { seed: 2, epochs: 1 }, name: 'a' }, makeKey);
    expect(retry.key).toBe(first.key);
    const changed = launchAttemptFor(retry, { name: 'a', config: { epochs: 2, seed: 2 } }, makeKey);
    expect(changed.key).not.toBe(first.key);
  });

  it('sorts nested keys and keeps arrays in order', () => {
    expect(stableJson({ b: [2, 1], a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1},"b":[2,1]}');
  });
});
