// The schema lint of `npm run lint` (eslint.config.js, @graphql-eslint) run on the committed
// schema and on edited copies of it: each convention of apps/api/README.md ("Schema
// conventions") must fail lint when broken, or the lint proves nothing.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const schemaPath = fileURLToPath(new URL('../schema.graphql', import.meta.url));
const schema = readFileSync(schemaPath, 'utf8');

/** The schema with `from` replaced by `to`; fails when `from` is not in it exactly once. */
function edited(from: string, to: string): string {
  expect(schema.split(from)).toHaveLength(2);
  return schema.replace(from, to);
}

async function lint(text: string) {
  const eslint = new ESLint({ cwd: repositoryRoot });
  const [result] = await eslint.lintText(text, { filePath: schemaPath });
  return result!.messages.map(({ ruleId, message }) => ({ ruleId, message }));
}

describe('schema lint', () => {
  it('passes the committed schema', async () => {
    expect(await lint(schema)).toEqual([]);
  });

  it('fails an argument without a description', async () => {
    const messages = await lint(
      edited('"The data split of the evaluations to rank."', '').replace(
        'top: Int = 3\n',
        'top: Int = 3\n    offset: Int\n',
      ),
    );
    expect(messages).toEqual([
      {
        ruleId: '@graphql-eslint/require-description',
        message: 'Description is required for input value "split" in field "classLeaderboard"',
      },
      {
        ruleId: '@graphql-eslint/require-description',
        message: 'Description is required for input value "offset" in field "classLeaderboard"',
      },
    ]);
  });

  it('fails a lowercase enum value', async () => {
    expect(await lint(edited('\n  MODEL\n', '\n  model\n'))).toEqual([
      {
        ruleId: '@graphql-eslint/naming-convention',
        message: 'Enum value "model" should be in UPPER_CASE format',
      },
    ]);
  });

  it('fails a connection without pageInfo and an entity without an id', async () => {
    const messages = await lint(
      edited(
        `  "Where this page lies in the whole list."
  pageInfo: PageInfo!
  "How many runs match the filter in total."`,
        `  "How many runs match the filter in total."`,
      ).replace(
        'type QueueStatus {',
        'type Worker {\n  "Its name."\n  name: String!\n}\n\ntype QueueStatus {',
      ),
    );
    expect(messages.map((m) => m.ruleId)).toEqual(
      expect.arrayContaining([
        '@graphql-eslint/relay-connection-types',
        '@graphql-eslint/strict-id-in-types',
      ]),
    );
  });
});
