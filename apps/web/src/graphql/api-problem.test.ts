import { describe, expect, it } from 'vitest';
import {
  parseSignInReason,
  problemFromGraphQLErrors,
  problemFromNetworkError,
  problemText,
  signInReasonFromMessage,
} from './api-problem';

describe('problemFromGraphQLErrors', () => {
  it('is undefined without errors', () => {
    expect(problemFromGraphQLErrors(undefined, 200)).toBeUndefined();
    expect(problemFromGraphQLErrors([], 200)).toBeUndefined();
  });

  it('turns UNAUTHENTICATED into a sign-in reason', () => {
    const problem = problemFromGraphQLErrors(
      [{ message: 'API key has been revoked', extensions: { code: 'UNAUTHENTICATED' } }],
      401,
    );
    expect(problem).toMatchObject({ kind: 'unauthenticated', signInReason: 'revoked' });
  });

  it('words the ensemble’s refusals as input problems, keeping the API’s message', () => {
    const different = problemFromGraphQLErrors(
      [{ message: 'Runs differ: b (fp-2)', extensions: { code: 'RUNS_NOT_COMPARABLE' } }],
      422,
    );
    expect(different).toEqual({
      kind: 'bad-input',
      title: 'These runs cannot be combined',
      detail: 'Runs differ: b (fp-2)',
    });
    const missing = problemFromGraphQLErrors(
      [{ message: 'No probabilities: c', extensions: { code: 'PROBABILITIES_MISSING' } }],
      422,
    );
    expect(missing).toMatchObject({
      kind: 'bad-input',
      title: 'Runs without stored validation probabilities',
    });
  });

  it('keeps the field of a refused argument and the API message', () => {
    const problem = problemFromGraphQLErrors(
      [
        {
          message: 'first must be between 1 and 200',
          extensions: { code: 'BAD_USER_INPUT', field: 'first' },
        },
      ],
      200,
    );
    expect(problem).toEqual({
      kind: 'bad-input',
      title: 'The API refused the request',
      detail: 'first must be between 1 and 200',
      field: 'first',
    });
  });

  it('keeps the ids a NOT_FOUND lists, and only when they are strings', () => {
    const listed = problemFromGraphQLErrors(
      [{ message: 'Runs not found: a, b', extensions: { code: 'NOT_FOUND', ids: ['a', 'b'] } }],
      404,
    );
    expect(listed).toEqual({
      kind: 'not-found',
      title: 'Not found',
      detail: 'Runs not found: a, b',
      ids: ['a', 'b'],
    });
    const odd = problemFromGraphQLErrors(
      [{ message: 'Run x does not exist', extensions: { code: 'NOT_FOUND', ids: [1] } }],
      404,
    );
    expect(odd).not.toHaveProperty('ids');
  });

  it('keeps every refused field of a config the API refused', () => {
    const fields = ['input.config.epochs: Too big: expected number to be <=1000'];
    const problem = problemFromGraphQLErrors(
      [
        {
          message: `Invalid training config: ${fields[0]}`,
          extensions: { code: 'CONFIG_INVALID', fields: [...fields, 42] },
        },
      ],
      200,
    );
    expect(problem).toEqual({
      kind: 'bad-input',
      title: 'The API refused the config',
      detail: `Invalid training config: ${fields[0]}`,
      fields,
    });
  });

  it('names an unexpected error code', () => {
    expect(
      problemFromGraphQLErrors(
        [{ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
        500,
      ),
    ).toMatchObject({ kind: 'api-error', detail: 'boom (INTERNAL_SERVER_ERROR)' });
  });

  it('names a rate limit as "slow down", with when to retry', () => {
    expect(
      problemFromGraphQLErrors(
        [
          {
            message:
              'Slow down: this member already has 2 heavy requests (cost >= 5000) running, the most allowed at once; retry in 1 s',
            extensions: { code: 'RATE_LIMITED' },
          },
        ],
        429,
      ),
    ).toEqual({
      kind: 'rate-limited',
      title: 'Slow down',
      detail:
        'this member already has 2 heavy requests (cost >= 5000) running, the most allowed at once; retry in 1 s',
    });
  });
});

describe('problemFromNetworkError', () => {
  it('names the URL and a refused connection', () => {
    const error = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    const problem = problemFromNetworkError(error, 'http://127.0.0.1:4000');
    expect(problem.kind).toBe('unreachable');
    expect(problem.detail).toContain('http://127.0.0.1:4000');
    expect(problem.detail).toContain('connection refused');
    // The fix is data a page shows as code; the text has no markdown backticks.
    expect(problem.detail).not.toContain('`');
    expect(problem.fix).toEqual({ command: 'npm start', effect: 'to start it' });
    expect(problemText(problem)).toMatch(/Is it running\? Run "npm start" to start it\.$/);
  });

  it('recognises a timeout', () => {
    const error = new DOMException('The operation timed out', 'TimeoutError');
    expect(problemFromNetworkError(error, 'http://api').kind).toBe('timeout');
  });
});

describe('sign-in reasons', () => {
  it('maps the API messages', () => {
    expect(signInReasonFromMessage('API key expired at 2026-01-01T00:00:00.000Z')).toBe('expired');
    expect(signInReasonFromMessage('Unknown API key')).toBe('unknown');
    expect(signInReasonFromMessage('Authorization header must be "Bearer <API key>"')).toBe(
      'malformed',
    );
  });

  it('accepts only known reasons from the URL', () => {
    expect(parseSignInReason('expired')).toBe('expired');
    expect(parseSignInReason('<script>')).toBe('signed-out');
    expect(parseSignInReason('toString')).toBe('signed-out');
    expect(parseSignInReason(undefined)).toBe('signed-out');
  });
});
