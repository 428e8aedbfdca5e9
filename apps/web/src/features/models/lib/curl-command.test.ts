import { describe, expect, it } from 'vitest';
import { curlCommand, downloadFileName, shellQuote } from './curl-command';

describe('curlCommand', () => {
  it('fetches the API path with the key as a variable, failing on HTTP errors', () => {
    expect(
      curlCommand('http://127.0.0.1:4000/', '/models/hpa/hpa-classifier/aliases/champion', 'a.bin'),
    ).toBe(
      'curl -fL -H "Authorization: Bearer $HPA_API_KEY" -o a.bin http://127.0.0.1:4000/models/hpa/hpa-classifier/aliases/champion',
    );
  });

  it('quotes what the shell would split or expand', () => {
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
    expect(curlCommand('http://api', '/artifacts/x', 'my model.bin')).toContain(
      "-o 'my model.bin'",
    );
  });
});

describe('downloadFileName', () => {
  it('keeps letters, digits, dots, dashes and underscores', () => {
    expect(downloadFileName('hpa classifier', 'v3', 'model.bin')).toBe(
      'hpa-classifier-v3-model.bin',
    );
    expect(downloadFileName('../etc', 'champion')).toBe('..-etc-champion');
  });
});
