// Query depth and cost limits, introspection in production, masking of unexpected errors, and
// the HTTP edges (health, unknown routes, malformed or oversized bodies).
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from './artifact-http.ts';
import { errorCode, startTestApi, type TestApi } from './test-api.ts';
import { graphql } from './generated/index.ts';

let dev: TestApi;
let production: TestApi;

beforeAll(async () => {
  [dev, production] = await Promise.all([
    startTestApi(),
    startTestApi({ production: true, limits: { maxDepth: 3, maxCost: 300 } }),
  ]);
});
afterAll(async () => {
  await Promise.all([dev?.close(), production?.close()]);
});

describe('query limits', () => {
  it('accepts a dashboard-sized query under the default limits', async () => {
    const response = await dev.gql(
      graphql(`
        query limitsRuns {
          runs(first: 50) {
            totalCount
            nodes {
              id
              name
              owner {
                name
              }
              bestEvaluation {
                f1
              }
            }
          }
        }
      `),
    );
    expect(response.errors).toBeUndefined();
  });

  it('refuses a query whose fan-out exceeds the default cost limit', async () => {
    const response = await dev.gql(
      graphql(`
        query limitsRuns2 {
          runs(first: 200) {
            nodes {
              evaluations {
                nodes {
                  id
                  f1
                  precision
                  recall
                  support
                  threshold
                  tp
                  fp
                  fn
                  tn
                  cooccurrence
                }
              }
              artifacts {
                nodes {
                  id
                  name
                  kind
                  bytes
                  sha256
                  downloadUrl
                }
              }
              owner {
                apiKeys {
                  id
                  name
                  prefix
                }
              }
            }
          }
        }
      `),
    );
    expect(response.status).toBe(400);
    expect(errorCode(response)).toBe('QUERY_TOO_COSTLY');
  });

  it('prices page sizes passed as variables', async () => {
    const query = `query ($n: Int) { runs(first: $n) { nodes { id name } } }`;
    expect((await production.gql(query, { n: 10 })).errors).toBeUndefined();
    expect(errorCode(await production.gql(query, { n: 200 }))).toBe('QUERY_TOO_COSTLY');
  });

  it('refuses a query deeper than the limit, counting fragments', async () => {
    const response = await production.gql(
      graphql(`
        query limitsModels {
          models {
            ...M
          }
        }
        fragment M on RegisteredModel {
          versions {
            nodes {
              run {
                owner {
                  id
                }
              }
            }
          }
        }
      `),
    );
    expect(response.status).toBe(400);
    expect(errorCode(response)).toBe('QUERY_TOO_DEEP');
    expect(response.errors![0]!.message).toContain('depth 6');
  });
});

/** `count` aliases of one field selection, as one query. */
function aliases(count: number, selection: string): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${selection}`).join(' ')} }`;
}

describe('alias attacks (the work behind a field is priced)', () => {
  it('refuses thousands of aliases of the costly root fields before running them', async () => {
    const viewer = await dev.member('VIEWER');
    const leaderboard = `classLeaderboard(projectId: "${dev.projectId}", top: 1) { classId top { f1 } }`;
    const compare = `compareRuns(ids: ["${dev.projectId}"], keys: ["train/loss"]) { warnings }`;
    for (const query of [
      aliases(2000, leaderboard),
      aliases(1000, compare),
      aliases(5000, '__schema { queryType { name } }'),
    ]) {
      const response = await dev.gql(query, {}, viewer.key);
      expect(response.status).toBe(400);
      expect(errorCode(response)).toBe('QUERY_TOO_COSTLY');
      expect(response.data).toBeUndefined();
    }
  });

  it('still runs a few aliases and a full introspection query in development', async () => {
    const leaderboard = `classLeaderboard(projectId: "${dev.projectId}", top: 1) { classId }`;
    const few = await dev.gql<Record<string, unknown[]>>(aliases(5, leaderboard));
    expect(few.errors).toBeUndefined();
    expect(Object.keys(few.data!)).toHaveLength(5);
    const introspection = await dev.gql<{ __schema: { types: unknown[] } }>(
      getIntrospectionQuery(),
    );
    expect(introspection.errors).toBeUndefined();
    expect(introspection.data!.__schema.types.length).toBeGreaterThan(20);
  });

  it('runs many costly root fields of one request without starving the pool', async () => {
    // Many leaderboards at once used to take as many connections of the pool; each request now runs
    // two root fields at a time, so a parallel /healthz and a second request still get through.
    const leaderboard = `classLeaderboard(projectId: "${dev.projectId}") { classId top { f1 } }`;
    const [big, other, health] = await Promise.all([
      dev.gql(aliases(5, leaderboard)),
      dev.gql(
        graphql(`
          query limitsProjects {
            projects {
              id
            }
          }
        `),
      ),
      httpRequest(`${dev.url}/healthz`, { method: 'GET' }),
    ]);
    expect(big.errors).toBeUndefined();
    expect(other.errors).toBeUndefined();
    expect(health.status).toBe(200);
  });
});

describe('introspection', () => {
  const INTROSPECT = graphql(`
    query limits__schema {
      __schema {
        queryType {
          name
        }
      }
    }
  `);
  it('is on in development and off in production', async () => {
    const open = await dev.gql(INTROSPECT);
    expect(open.data!.__schema.queryType.name).toBe('Query');
    const closed = await production.gql(INTROSPECT);
    expect(closed.errors![0]!.message).toMatch(/introspection/i);
  });
});

describe('HTTP edges', () => {
  it('answers /healthz without a key, naming each dependency', async () => {
    const response = await httpRequest(`${dev.url}/healthz`, { method: 'GET' });
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({
      ok: true,
      dependencies: {
        database: { ok: true },
        queue: { ok: true },
        artifactStore: { ok: true },
      },
    });
  });

  it('names unknown routes, malformed JSON and oversized bodies', async () => {
    const auth = { authorization: `Bearer ${dev.adminKey}`, 'content-type': 'application/json' };
    const unknown = await httpRequest(`${dev.url}/nope`, { method: 'GET', headers: auth });
    expect(unknown.status).toBe(404);
    const malformed = await httpRequest(`${dev.url}/graphql`, {
      method: 'POST',
      headers: auth,
      chunks: [Buffer.from('{"query": ')],
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json().errors![0]!.message).toContain('not valid JSON');
    const huge = await httpRequest(`${dev.url}/graphql`, {
      method: 'POST',
      headers: { ...auth, 'content-length': String(50 * 1024 * 1024) },
      chunks: [Buffer.from('{}')],
    });
    expect(huge.status).toBe(413);
  });
});

describe('error masking', () => {
  it('hides unexpected failures behind a generic error', async () => {
    // Break the database under the running server: the Prisma error must not leak SQL details.
    await production.database.prisma.$executeRawUnsafe(
      'ALTER TABLE "Project" RENAME TO "ProjectGone"',
    );
    const response = await production.gql(
      graphql(`
        query limitsProjects2 {
          projects {
            id
          }
        }
      `),
    );
    expect(errorCode(response)).toBe('INTERNAL_SERVER_ERROR');
    expect(response.errors![0]!.message).toBe('Internal server error');
    expect(JSON.stringify(response.errors)).not.toMatch(
      /relation|prisma|ProjectGone|does not exist/i,
    );
    await production.database.prisma.$executeRawUnsafe(
      'ALTER TABLE "ProjectGone" RENAME TO "Project"',
    );
  });
});
