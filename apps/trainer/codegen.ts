// GraphQL Code Generator, client preset: typed documents for every graphql(`...`) call, from the
// API's schema (../api/schema.graphql; apps/api/README.md, "Clients: how to get typed
// documents"). One output for the API client in src/, one for the tests. Output is gitignored;
// `npm run generate` (root postinstall) writes it. documentMode `string` keeps graphql-js out of
// the trainer: a document is its text, carrying its result and variables types.
import type { CodegenConfig } from '@graphql-codegen/cli';

const clientConfig = {
  documentMode: 'string',
  useTypeImports: true,
  enumsAsTypes: true,
  strictScalars: true,
  scalars: { DateTime: 'string', JSON: 'unknown', FloatSeries: '(number | null)[]' },
} as const;

const config: CodegenConfig = {
  schema: '../api/schema.graphql',
  overwrite: true,
  ignoreNoDocuments: true,
  generates: {
    'src/generated/': {
      documents: ['src/**/*.ts', '!src/generated/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: clientConfig,
    },
    'test/generated/': {
      documents: ['test/**/*.ts', '!test/generated/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: clientConfig,
    },
  },
};

export default config;
