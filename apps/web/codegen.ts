// GraphQL Code Generator, client preset: typed documents for every graphql(`...`) call in src/
// and e2e/, from the API's schema. Output is gitignored; `npm run generate` (root postinstall)
// writes it. documentMode `string` keeps graphql-js out of the pages: a document is its text.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../api/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', 'e2e/**/*.ts', 'bench/**/*.ts', '!src/graphql/generated/**'],
  ignoreNoDocuments: true,
  overwrite: true,
  generates: {
    'src/graphql/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        strictScalars: true,
        scalars: {
          DateTime: 'string',
          JSON: 'unknown',
          FloatSeries: '(number | null)[]',
        },
      },
    },
  },
};

export default config;
