// GraphQL Code Generator, client preset: typed documents for the tests' graphql(`...`) calls,
// from the API's schema (apps/api/README.md, "Clients: how to get typed documents"). Output is
// gitignored; `npm run generate` (root postinstall) writes it.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../api/schema.graphql',
  overwrite: true,
  ignoreNoDocuments: true,
  generates: {
    'test/generated/': {
      documents: ['test/**/*.ts', '!test/generated/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: { DateTime: 'string', JSON: 'unknown', FloatSeries: '(number | null)[]' },
      },
    },
  },
};

export default config;
