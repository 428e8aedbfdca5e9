// ESLint flat config for the whole monorepo; Prettier owns formatting (eslint-config-prettier).
import js from '@eslint/js';
import graphql from '@graphql-eslint/eslint-plugin';
import prettier from 'eslint-config-prettier';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const CODE = '**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}';
// Absolute, so that ESLint run from any folder (or by a test through its API) finds it.
const API_SCHEMA = fileURLToPath(new URL('./apps/api/schema.graphql', import.meta.url));

// apps/web's import boundaries (web-design.md): the data only through the GraphQL API; `@/`
// instead of relative climbs; a feature never imports another feature, and the shared code
// (src/lib, src/components, src/graphql) imports no feature. One block per feature folder, read
// from the disk so a new feature is covered the day it is created.
const WEB_FEATURES = readdirSync(new URL('./apps/web/src/features', import.meta.url), {
  withFileTypes: true,
})
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const WEB_NO_DATABASE = {
  group: ['@hpa-lab/db', '@hpa-lab/db/*', '@hpa-lab/api', '@hpa-lab/api/*', '@prisma/*'],
  message: 'apps/web talks to the data only through the GraphQL API.',
};
const WEB_NO_CLIMB = { group: ['../*'], message: "Use the '@/' alias (apps/web/src) instead." };
function webImportRules(...patterns) {
  return {
    'no-restricted-imports': ['error', { patterns: [WEB_NO_DATABASE, WEB_NO_CLIMB, ...patterns] }],
  };
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.next/**',
      '**/.turbo/**',
      '**/generated/**',
      '**/*.generated.ts',
    ],
  },
  {
    // JavaScript and TypeScript rules apply to code only (the schema below has its own parser).
    files: [CODE],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Libraries and services log through pino; only CLIs (src/cli/**, scripts, bench) print.
      'no-console': 'error',
    },
  },
  {
    // The dashboard: its client components run in the browser, and it reaches the data only
    // through the GraphQL API (web-design.md), never the database.
    files: ['apps/web/src/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: webImportRules({
      group: ['@/features/*'],
      message: 'Shared code (src/lib, src/components, src/graphql) imports no feature.',
    }),
  },
  { files: ['apps/web/src/app/**', 'apps/web/src/proxy.ts'], rules: webImportRules() },
  ...WEB_FEATURES.map((feature) => ({
    files: [`apps/web/src/features/${feature}/**`],
    rules: webImportRules({
      group: ['@/features/*', `!@/features/${feature}`],
      message: `features/${feature} imports no other feature: move what both need to src/lib or src/components.`,
    }),
  })),
  {
    files: ['**/cli/**', '**/scripts/**', '**/bench/**', '.ci/**', '**/*.config.*'],
    rules: { 'no-console': 'off' },
  },
  prettier,
  {
    // The API's schema: the conventions clients of GitHub's, Shopify's and Apollo's APIs expect
    // (apps/api/README.md, "Schema conventions"). @graphql-eslint's recommended schema rules and
    // its Relay rules, with these choices:
    files: ['apps/api/schema.graphql'],
    languageOptions: {
      parser: graphql.parser,
      parserOptions: { graphQLConfig: { schema: API_SCHEMA } },
    },
    plugins: { '@graphql-eslint': graphql },
    rules: {
      ...graphql.configs['flat/schema-recommended'].rules,
      ...graphql.configs['flat/schema-relay'].rules,
      // Every type, field, argument, input field and enum value says what it is (the
      // recommended setting checks types and root fields only).
      '@graphql-eslint/require-description': [
        'error',
        {
          types: true,
          rootField: true,
          FieldDefinition: true,
          InputValueDefinition: true,
          EnumValueDefinition: true,
          DirectiveDefinition: true,
        },
      ],
      // Off: types carry block descriptions ("""...""") and fields, arguments and enum
      // values one-line strings; the rule allows only one of the two styles for all of them.
      '@graphql-eslint/description-style': 'off',
      // Pagination is forward only (first/after); nothing pages backwards, so last/before
      // would be arguments without a use.
      '@graphql-eslint/relay-arguments': ['error', { includeBoth: false }],
      // Edges end in `Edge`; their nodes need not implement a `Node` interface because no
      // client refetches objects by global id (there is no `node(id:)` root field); and a
      // connection's `nodes` lists its items without edges, as GitHub's API does.
      '@graphql-eslint/relay-edge-types': [
        'error',
        { withEdgeSuffix: true, shouldImplementNode: false, listTypeCanWrapOnlyEdgeType: false },
      ],
      // Entities have an `id: ID!`; results and value objects that no client caches by
      // identity (connections, edges, page info, comparisons, curves, scores, queue health,
      // the registry's aliases and promotions, a new key with its secret) are exempt by name.
      '@graphql-eslint/strict-id-in-types': [
        'error',
        {
          exceptions: {
            suffixes: ['Connection', 'Edge', 'Result', 'Comparison', 'Series', 'Scores', 'Entry'],
            types: [
              'PageInfo',
              'ParameterDifference',
              'ClassRunScore',
              'QueueStatus',
              'ModelAlias',
              'AliasPromotion',
              'CreatedApiKey',
              // Computed on request from several runs (the ensemble what-if), never stored.
              'EnsembleEvaluation',
              'EnsembleMemberScore',
              'ClassWinner',
              // Live deliveries (Subscription): a point is keyed by its run, key and step.
              'MetricPoint',
              'RunEvent',
              'RunListChange',
            ],
          },
        },
      ],
    },
  },
);
