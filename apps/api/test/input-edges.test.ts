// Input PostgreSQL cannot store or would misread: a NUL byte anywhere in a request (variables or
// inline, names, tags, reasons, filters, configs) is refused as BAD_USER_INPUT naming the field,
// with nothing written; and `%` / `_` in the run list's text filter match themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, startTestApi, trainConfig, type TestApi } from './test-api.ts';

let api: TestApi;
const CREATE = `mutation ($input: CreateRunInput!) { createRun(input: $input) { id } }`;

async function createRun(name: string, extra: Record<string, unknown> = {}) {
  return api.gql<{ createRun: { id: string } }>(CREATE, {
    input: { projectId: api.projectId, name, config: trainConfig(), ...extra },
  });
}

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api?.close());

describe('NUL bytes', () => {
  it('are refused in names, tags, configs, reasons and filters, naming the field', async () => {
    const db = api.database.prisma;
    const before = await db.run.count();
    const cases = [
      { response: await createRun('bad\u0000name'), field: '$input.name' },
      { response: await createRun('ok', { tags: ['a', 'b\u0000'] }), field: '$input.tags.1' },
      {
        response: await createRun('ok', {
          config: trainConfig({ model: { name: 'small-cnn\u0000' } }),
        }),
        field: '$input.config.model.name',
      },
      {
        response: await api.gql(`{ runs(filter: { text: "x\\u0000y" }) { totalCount } }`),
        field: 'runs.filter.text',
      },
    ];
    for (const { response, field } of cases) {
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
      expect(response.status).toBe(400);
      expect(response.errors![0]!.message).toContain(`${field}: must not contain a NUL byte`);
      expect(response.errors![0]!.extensions!.fields).toEqual([
        `${field}: must not contain a NUL byte (U+0000)`,
      ]);
    }
    expect(await db.run.count()).toBe(before);

    const run = (await createRun('cancel me')).data!.createRun.id;
    const cancel = await api.gql(
      `mutation ($id: ID!, $r: String) { cancelRun(id: $id, reason: $r) { id } }`,
      {
        id: run,
        r: 'because\u0000',
      },
    );
    expect(errorCode(cancel)).toBe('BAD_USER_INPUT');
    expect(cancel.errors![0]!.message).toContain('$r: must not contain a NUL byte');
    expect((await db.run.findUniqueOrThrow({ where: { id: run } })).status).toBe('queued');
  });
});

describe('the text filter', () => {
  it('matches % and _ literally', async () => {
    for (const name of ['100% recall', '1000 epochs', 'focal_loss', 'focalXloss']) {
      expect((await createRun(name)).errors).toBeUndefined();
    }
    const names = async (text: string) =>
      (
        await api.gql<{ runs: { edges: { node: { name: string } }[] } }>(
          `query ($text: String) { runs(filter: { text: $text }) { edges { node { name } } } }`,
          { text },
        )
      ).data!.runs.edges.map((edge) => edge.node.name);
    expect(await names('100%')).toEqual(['100% recall']);
    expect(await names('focal_')).toEqual(['focal_loss']);
    expect(await names('%')).toEqual(['100% recall']);
  });
});
