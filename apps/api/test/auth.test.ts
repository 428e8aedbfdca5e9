// Members, API keys and roles through HTTP: keys shown once and stored hashed, every request
// authenticated, admins manage, members write only their own runs, viewers only read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../src/auth/api-keys.ts';
import { errorCode, startTestApi, trainConfig, type TestApi } from './test-api.ts';
import { graphql } from './generated/index.ts';

let api: TestApi;

async function rawGraphql(headers: Record<string, string>) {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ me { id } }' }),
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      errors?: { message: string; extensions: { code: string } }[];
    },
  };
}

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

describe('authentication', () => {
  it('refuses a request without a key, with a malformed header, or with an unknown key', async () => {
    const cases: Record<string, string>[] = [
      {},
      { authorization: 'Basic abc' },
      { authorization: 'Bearer hpa_nope' },
    ];
    for (const headers of cases) {
      const { status, body } = await rawGraphql(headers);
      expect(status).toBe(401);
      expect(body.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('stores only the hash of a key and shows the secret once', async () => {
    const created = await api.gql(
      graphql(`
        mutation authCreateApiKey {
          createApiKey(name: "laptop") {
            secret
            apiKey {
              id
              prefix
            }
          }
        }
      `),
    );
    const { secret, apiKey } = created.data!.createApiKey;
    expect(secret.startsWith(apiKey.prefix)).toBe(true);
    const row = await api.database.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.hash).toBe(hashApiKey(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    const me = await api.gql(
      graphql(`
        query authMe {
          me {
            id
            apiKeys {
              id
              prefix
            }
          }
        }
      `),
      {},
      secret,
    );
    expect(me.data!.me.id).toBe(api.adminId);
    expect(JSON.stringify(me.data)).not.toContain(secret);
  });

  it('refuses an expired key and a revoked key, naming why', async () => {
    const created = await api.gql(
      graphql(`
        mutation authCreateApiKey2($at: DateTime) {
          createApiKey(name: "short", expiresAt: $at) {
            secret
            apiKey {
              id
            }
          }
        }
      `),
      { at: new Date(Date.now() + 60_000).toISOString() },
    );
    const { secret, apiKey } = created.data!.createApiKey;
    expect((await rawGraphql({ authorization: `Bearer ${secret}` })).status).toBe(200);
    await api.database.prisma.apiKey.update({
      where: { id: apiKey.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await rawGraphql({ authorization: `Bearer ${secret}` });
    expect(expired.status).toBe(401);
    expect(expired.body.errors![0]!.message).toMatch(/expired/);

    const other = await api.gql(
      graphql(`
        mutation authCreateApiKey3 {
          createApiKey(name: "revoked") {
            secret
            apiKey {
              id
            }
          }
        }
      `),
    );
    const revoke = await api.gql(
      graphql(`
        mutation authRevokeApiKey($id: ID!) {
          revokeApiKey(id: $id) {
            revokedAt
          }
        }
      `),
      { id: other.data!.createApiKey.apiKey.id },
    );
    expect(revoke.data!.revokeApiKey.revokedAt).toBeTruthy();
    const revoked = await rawGraphql({
      authorization: `Bearer ${other.data!.createApiKey.secret}`,
    });
    expect(revoked.status).toBe(401);
    expect(revoked.body.errors![0]!.message).toMatch(/revoked/);
  });

  it('refuses malformed ids as bad input, not as a server error', async () => {
    const create = await api.gql(
      graphql(`
        mutation authCreateApiKey4 {
          createApiKey(memberId: "nope", name: "x") {
            secret
          }
        }
      `),
    );
    expect(errorCode(create)).toBe('BAD_USER_INPUT');
    const revoke = await api.gql(
      graphql(`
        mutation authRevokeApiKey2 {
          revokeApiKey(id: "nope") {
            id
          }
        }
      `),
    );
    expect(errorCode(revoke)).toBe('BAD_USER_INPUT');
  });

  it('refuses an expiry in the past', async () => {
    const response = await api.gql(
      graphql(`
        mutation authCreateApiKey5($at: DateTime) {
          createApiKey(name: "past", expiresAt: $at) {
            secret
          }
        }
      `),
      { at: '2001-01-01T00:00:00.000Z' },
    );
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
  });
});

describe('roles', () => {
  let member: { id: string; key: string };
  let otherMember: { id: string; key: string };
  let viewer: { id: string; key: string };
  let runId: string;
  const CREATE_RUN = graphql(`
    mutation authCreateRun($input: CreateRunInput!) {
      createRun(input: $input) {
        id
      }
    }
  `);

  beforeAll(async () => {
    member = await api.member('MEMBER');
    otherMember = await api.member('MEMBER');
    viewer = await api.member('VIEWER');
    const created = await api.gql(
      CREATE_RUN,
      { input: { projectId: api.projectId, name: 'owned', config: trainConfig() } },
      member.key,
    );
    runId = created.data!.createRun.id;
  });

  it('lets only admins create members and projects', async () => {
    for (const key of [member.key, viewer.key]) {
      const response = await api.gql(
        graphql(`
          mutation authCreateMember {
            createMember(input: { email: "x@y.z", name: "X" }) {
              id
            }
          }
        `),
        {},
        key,
      );
      expect(errorCode(response)).toBe('FORBIDDEN');
      const project = await api.gql(
        graphql(`
          mutation authCreateProject {
            createProject(slug: "nope", name: "N") {
              id
            }
          }
        `),
        {},
        key,
      );
      expect(errorCode(project)).toBe('FORBIDDEN');
    }
    expect(await api.database.prisma.member.count({ where: { email: 'x@y.z' } })).toBe(0);
  });

  it('refuses a duplicate e-mail and a malformed one', async () => {
    const duplicate = await api.gql(
      graphql(`
        mutation authCreateMember2 {
          createMember(input: { email: "admin@test.local", name: "Again" }) {
            id
          }
        }
      `),
    );
    expect(errorCode(duplicate)).toBe('CONFLICT');
    const malformed = await api.gql(
      graphql(`
        mutation authCreateMember3 {
          createMember(input: { email: "nope", name: "N" }) {
            id
          }
        }
      `),
    );
    expect(errorCode(malformed)).toBe('BAD_USER_INPUT');
    expect(malformed.errors![0]!.message).toContain('input.email');
  });

  it('lets members create keys only for themselves', async () => {
    const forOther = await api.gql(
      graphql(`
        mutation authCreateApiKey6($id: ID!) {
          createApiKey(memberId: $id, name: "steal") {
            secret
          }
        }
      `),
      { id: otherMember.id },
      member.key,
    );
    expect(errorCode(forOther)).toBe('FORBIDDEN');
    const own = await api.gql(
      graphql(`
        mutation authCreateApiKey7 {
          createApiKey(name: "mine") {
            secret
          }
        }
      `),
      {},
      member.key,
    );
    expect(own.data!.createApiKey.secret).toMatch(/^hpa_/);
  });

  it('lets viewers read but not write', async () => {
    const read = await api.gql(
      graphql(`
        query authRun($id: ID!) {
          run(id: $id) {
            id
          }
        }
      `),
      { id: runId },
      viewer.key,
    );
    expect(read.data!.run!.id).toBe(runId);
    const create = await api.gql(
      CREATE_RUN,
      { input: { projectId: api.projectId, name: 'viewer run', config: trainConfig() } },
      viewer.key,
    );
    expect(errorCode(create)).toBe('FORBIDDEN');
    const metrics = await api.gql(
      graphql(`
        mutation authLogMetrics($id: ID!) {
          logMetrics(runId: $id, points: [{ key: "loss", step: 0, value: 1 }]) {
            written
          }
        }
      `),
      { id: runId },
      viewer.key,
    );
    expect(errorCode(metrics)).toBe('FORBIDDEN');
  });

  it("keeps members off other members' runs but lets admins write to any run", async () => {
    const start = graphql(`
      mutation authStartRun($id: ID!) {
        startRun(id: $id) {
          status
        }
      }
    `);
    const denied = await api.gql(start, { id: runId }, otherMember.key);
    expect(errorCode(denied)).toBe('FORBIDDEN');
    const cancel = await api.gql(
      graphql(`
        mutation authCancelRun($id: ID!) {
          cancelRun(id: $id) {
            status
          }
        }
      `),
      { id: runId },
      otherMember.key,
    );
    expect(errorCode(cancel)).toBe('FORBIDDEN');
    expect((await api.database.prisma.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe(
      'queued',
    );
    const allowed = await api.gql(start, { id: runId }, api.adminKey);
    expect(allowed.data!.startRun.status).toBe('RUNNING');
  });

  it("hides other members' keys from non-admins", async () => {
    const members = await api.gql(
      graphql(`
        query authMembers {
          members {
            id
            apiKeys {
              id
            }
          }
        }
      `),
      {},
      member.key,
    );
    const others = members.data!.members.filter((m) => m.id !== member.id);
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((m) => m.apiKeys.length === 0)).toBe(true);
    const mine = members.data!.members.find((m) => m.id === member.id)!;
    expect(mine.apiKeys.length).toBeGreaterThan(0);
  });

  it('says who may manage members and whose keys, and enforces the same for revoking', async () => {
    const PERMISSIONS = graphql(`
      query authPermissions {
        viewerCanManageMembers
        members {
          id
          viewerCanManageKeys
          apiKeys {
            id
          }
        }
      }
    `);
    const asAdmin = await api.gql(PERMISSIONS, {});
    expect(asAdmin.data!.viewerCanManageMembers).toBe(true);
    expect(asAdmin.data!.members.every((m) => m.viewerCanManageKeys)).toBe(true);
    for (const who of [member, viewer]) {
      const response = await api.gql(PERMISSIONS, {}, who.key);
      expect(response.data!.viewerCanManageMembers).toBe(false);
      const manageable = response.data!.members.filter((m) => m.viewerCanManageKeys);
      expect(manageable.map((m) => m.id)).toEqual([who.id]);
    }
    // A viewer issues and revokes their own key, never another member's.
    const REVOKE = graphql(`
      mutation authRevokeApiKey($id: ID!) {
        revokeApiKey(id: $id) {
          revokedAt
        }
      }
    `);
    const created = await api.gql(
      graphql(`
        mutation authCreateApiKey8 {
          createApiKey(name: "viewer-laptop") {
            apiKey {
              id
            }
          }
        }
      `),
      {},
      viewer.key,
    );
    const keyId = created.data!.createApiKey.apiKey.id;
    const byMember = await api.gql(REVOKE, { id: keyId }, member.key);
    expect(errorCode(byMember)).toBe('FORBIDDEN');
    expect((await api.database.prisma.apiKey.findUnique({ where: { id: keyId } }))!.revokedAt).toBe(
      null,
    );
    const byViewer = await api.gql(REVOKE, { id: keyId }, viewer.key);
    expect(byViewer.data!.revokeApiKey.revokedAt).not.toBeNull();
  });
});
