// Issue 24.1: every sized argument is priced at the value the resolver will see, whether the
// operation writes it inline, passes it as a variable, leaves it to the variable's default or
// reaches the field through a fragment spread; `runs` without `first` is priced at its real
// default; nested connections multiply; a negative page size cannot lower the price; and a list
// argument the pricing table does not know is priced by its length.
import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typeDefs } from '../src/graphql/build-apollo.ts';
import { operationCost } from '../src/graphql/limits.ts';
import { errorCode, startTestApi, type TestApi } from './test-api.ts';

let api: TestApi;
let small: TestApi;

beforeAll(async () => {
  [api, small] = await Promise.all([
    startTestApi(),
    startTestApi({ limits: { maxDepth: 10, maxCost: 300 } }),
  ]);
});
afterAll(async () => {
  await Promise.all([api?.close(), small?.close()]);
});

/** One sized argument: a field using `$v`, its GraphQL type, and a cheap and a costly value. */
interface Case {
  argument: string;
  type: string;
  field: (projectId: string) => string;
  cheap: unknown;
  costly: unknown;
}

const ids = (n: number) =>
  Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
const keys = (n: number) => Array.from({ length: n }, (_, i) => `k/${i}`);
const ONE_ID = JSON.stringify(ids(1));

const CASES: Case[] = [
  {
    argument: 'ids',
    type: '[ID!]!',
    field: () => `compareRuns(ids: $v, keys: ["train/loss"]) { warnings }`,
    cheap: ids(2),
    costly: ids(400),
  },
  {
    argument: 'keys',
    type: '[String!]!',
    field: () => `compareRuns(ids: ${ONE_ID}, keys: $v) { warnings }`,
    cheap: keys(2),
    costly: keys(600),
  },
  {
    argument: 'maxPoints',
    type: 'Int',
    field: () => `compareRuns(ids: ${ONE_ID}, keys: ["train/loss"], maxPoints: $v) { warnings }`,
    cheap: 500,
    costly: 300_000,
  },
  {
    argument: 'first',
    type: 'Int',
    field: () => `runs(first: $v) { nodes { id metricKeys } }`,
    cheap: 5,
    costly: 1000,
  },
  {
    argument: 'top',
    type: 'Int',
    field: (projectId) =>
      `classLeaderboard(projectId: "${projectId}", top: $v) { classId top { f1 run { id } } }`,
    cheap: 1,
    costly: 200,
  },
];

/** A GraphQL literal of a JSON value (ids, keys and numbers only). */
const literal = (value: unknown) => JSON.stringify(value);

/** The four ways an operation can hand `value` to the field. */
function forms(
  c: Case,
  projectId: string,
  value: unknown,
): Record<string, { query: string; variables?: Record<string, unknown> }> {
  const field = c.field(projectId);
  return {
    inline: { query: `{ ${field.replace('$v', literal(value))} }` },
    variable: { query: `query ($v: ${c.type}) { ${field} }`, variables: { v: value } },
    'variable default': { query: `query ($v: ${c.type} = ${literal(value)}) { ${field} }` },
    'fragment spread': {
      query: `query ($v: ${c.type} = ${literal(value)}) { ...F } fragment F on Query { ${field} }`,
    },
  };
}

describe('sized arguments are priced wherever their value comes from', () => {
  for (const c of CASES) {
    it(`prices ${c.argument} inline, as a variable, as a variable's default and in a fragment`, async () => {
      const viewer = await api.member('VIEWER');
      for (const [form, request] of Object.entries(forms(c, api.projectId, c.costly))) {
        const response = await api.gql(request.query, request.variables, viewer.key);
        expect({ form, code: errorCode(response) }).toEqual({ form, code: 'QUERY_TOO_COSTLY' });
        expect(response.status).toBe(400);
        expect(response.data).toBeUndefined();
      }
      for (const [form, request] of Object.entries(forms(c, api.projectId, c.cheap))) {
        const response = await api.gql(request.query, request.variables, viewer.key);
        expect({ form, code: errorCode(response) }).not.toEqual({
          form,
          code: 'QUERY_TOO_COSTLY',
        });
      }
    });
  }

  it("refuses the issue's compareRuns aliases whose sizes are variable defaults", async () => {
    const member = await api.member('MEMBER');
    const selections = Array.from(
      { length: 200 },
      (_, i) => `a${i}: compareRuns(ids: $ids, keys: $k, maxPoints: $mp) { warnings }`,
    ).join(' ');
    const query = `query ($ids: [ID!]! = ${literal(ids(50))}, $k: [String!]! = ${literal(keys(20))}, $mp: Int = 5000) { ${selections} }`;
    const started = performance.now();
    const response = await api.gql(query, {}, member.key);
    expect(errorCode(response)).toBe('QUERY_TOO_COSTLY');
    // Refused before running: no 144 s of bucketing queries.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('multiplies nested connections sized by variable defaults', async () => {
    const response = await api.gql(
      `query ($n: Int = 200, $m: Int = 200) { runs(first: $n) { nodes { evaluations(first: $m) { nodes { id } } } } }`,
    );
    expect(errorCode(response)).toBe('QUERY_TOO_COSTLY');
    // 200 runs x 200 evaluations: the message says the price, well above 40,000.
    const price = Number(/cost (\d+)/.exec(response.errors![0]!.message)![1]);
    expect(price).toBeGreaterThan(40_000);
  });

  it('prices `runs` without `first` at its real default page of 50', async () => {
    // 1 + 200 (page query and count) + 1 (nodes) + 50 x 2 = 302 > 300; at 20 items it was 242.
    const response = await small.gql(`{ runs { nodes { id name } } }`);
    expect(errorCode(response)).toBe('QUERY_TOO_COSTLY');
    expect(response.errors![0]!.message).toContain('cost 302');
    const withFirst = await small.gql(`{ runs(first: 20) { nodes { id name } } }`);
    expect(withFirst.errors).toBeUndefined();
  });

  it('does not let a negative page size pay for costly aliases', async () => {
    const leaderboards = Array.from(
      { length: 10 },
      (_, i) => `l${i}: classLeaderboard(projectId: "${api.projectId}") { classId }`,
    ).join(' ');
    const response = await api.gql(
      `{ cheap: runs(first: -1000000) { nodes { id name } } ${leaderboards} }`,
    );
    expect(errorCode(response)).toBe('QUERY_TOO_COSTLY');
  });
});

describe('arguments the pricing table does not list', () => {
  // A field another change adds (e.g. `ensembleEvaluation(runIds: [...])`) with no line in
  // src/graphql/sized-arguments.ts: its list argument is still priced by its length.
  const schema = buildSchema(`
    type Query { ensemble(runIds: [ID!]!, label: String): Ensemble }
    type Ensemble { runs: [Member!]! score: Float }
    type Member { id: ID! }
  `);
  const cost = (query: string, variables: Record<string, unknown> = {}) => {
    const document = parse(query);
    const operation = document.definitions[0] as OperationDefinitionNode;
    return operationCost(schema, document, operation, variables)!.cost;
  };

  it('prices an unlisted list argument by its length, as items of the list below', () => {
    const one = cost(`{ ensemble(runIds: ["a"]) { score } }`);
    const fifty = cost(
      `query ($r: [ID!]! = ${literal(ids(50))}) { ensemble(runIds: $r) { score } }`,
    );
    expect(fifty - one).toBe(49 * 25);
    // The list under the field is sized by the argument too (50 runs, not the default 20).
    const withRuns = cost(`query ($r: [ID!]!) { ensemble(runIds: $r) { runs { id } } }`, {
      r: ids(50),
    });
    expect(withRuns).toBe(1 + 50 * 25 + 1 + 50 * 1);
  });

  it('prices the real schema with its own defaults', () => {
    const schemaOfApi = buildSchema(typeDefs);
    const document = parse(`{ runs { nodes { id } } }`);
    const operation = document.definitions[0] as OperationDefinitionNode;
    expect(operationCost(schemaOfApi, document, operation, {})!.cost).toBe(1 + 200 + 1 + 50);
  });
});
