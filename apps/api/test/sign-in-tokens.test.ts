// One-time sign-in links: the token is exchanged once, before it expires, for a working API
// key, and it is the only thing a request without a key may do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAnonymousOperation } from '../src/http/anonymous-operation.ts';
import { errorCode, startTestApi, type TestApi } from './test-api.ts';
import { graphql } from './generated/index.ts';

const REDEEM = graphql(`
  mutation signInRedeemSignInToken2($token: String!) {
    redeemSignInToken(token: $token) {
      secret
      apiKey {
        name
        expiresAt
      }
    }
  }
`);

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

describe('redeemSignInToken', () => {
  it('gives a working key for the admin once, without an API key', async () => {
    const token = await api.signInToken();
    const redeemed = await api.gql(REDEEM, { token }, null);
    expect(redeemed.errors).toBeUndefined();
    const { secret, apiKey } = redeemed.data!.redeemSignInToken;
    expect(apiKey.name).toMatch(/^sign-in link /);
    expect(Date.parse(apiKey.expiresAt!)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const me = await api.gql(
      graphql(`
        query signInMe {
          me {
            id
            role
          }
        }
      `),
      {},
      secret,
    );
    expect(me.data!.me).toEqual({ id: api.adminId, role: 'ADMIN' });

    const again = await api.gql(REDEEM, { token }, null);
    expect(errorCode(again)).toBe('UNAUTHENTICATED');
    expect(again.errors![0]!.message).toMatch(/already used at .*; links work once/);
  });

  it('refuses an expired or unknown token, naming why', async () => {
    const expired = await api.signInToken(-1);
    const response = await api.gql(REDEEM, { token: expired }, null);
    expect(errorCode(response)).toBe('UNAUTHENTICATED');
    expect(response.errors![0]!.message).toMatch(/^This sign-in link expired at /);
    const unknown = await api.gql(REDEEM, { token: 'hst_nope' }, null);
    expect(unknown.errors![0]!.message).toBe('Unknown sign-in link');
  });

  it('lets nothing else through without a key', async () => {
    const token = await api.signInToken();
    const before = await api.database.prisma.project.count();
    const smuggled = await api.gql(
      graphql(`
        mutation signInRedeemSignInToken($token: String!) {
          redeemSignInToken(token: $token) {
            secret
          }
          createProject(slug: "x", name: "x") {
            id
          }
        }
      `),
      { token },
      null,
    );
    expect(smuggled.status).toBe(401);
    expect(await api.database.prisma.project.count()).toBe(before);
    const read = await api.gql(
      graphql(`
        query signInRuns {
          runs(first: 1) {
            totalCount
          }
        }
      `),
      {},
      null,
    );
    expect(read.status).toBe(401);
    // The token was not spent by the refused request.
    const redeemed = await api.gql(REDEEM, { token }, null);
    expect(redeemed.errors).toBeUndefined();
  });
});

describe('isAnonymousOperation', () => {
  it('accepts only a lone redeemSignInToken mutation', () => {
    const ok = 'mutation R($t: String!) { redeemSignInToken(token: $t) { secret } }';
    expect(isAnonymousOperation({ query: ok })).toBe(true);
    expect(
      isAnonymousOperation({ query: 'mutation { x: redeemSignInToken(token: "a") { secret } }' }),
    ).toBe(true);
    expect(isAnonymousOperation({ query: '{ redeemSignInToken }' })).toBe(false);
    expect(isAnonymousOperation({ query: `${ok} query Q { me { id } }` })).toBe(false);
    expect(
      isAnonymousOperation({
        query:
          'mutation { redeemSignInToken(token: "a") { ...F } } fragment F on CreatedApiKey { secret }',
      }),
    ).toBe(false);
    expect(
      isAnonymousOperation({
        query: 'mutation @skip(if: true) { redeemSignInToken(token: "a") { secret } }',
      }),
    ).toBe(false);
    expect(isAnonymousOperation({ query: 'not graphql' })).toBe(false);
    expect(isAnonymousOperation(undefined)).toBe(false);
  });
});
