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

  it('names an unexpected error code', () => {
    expect(
      problemFromGraphQLErrors(
        [{ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
        500,
      ),
    ).toMatchObject({ kind: 'api-error', detail: 'boom (INTERNAL_SERVER_ERROR)' });
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
