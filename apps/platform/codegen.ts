// GraphQL Code Generator, client preset: typed documents for the graphql(`...`) calls of src (the
// demo) and of the tests,
// from the API's schema (apps/api/README.md, "Clients: how to get typed documents"). Output is
// gitignored; `npm run generate` (root postinstall) writes it.
import type { CodegenConfig } from '@graphql-codegen/cli';

/** The client preset over one folder's documents, written into its generated/ subfolder. */
function typedDocumentsOf(folder: string): CodegenConfig['generates'][string] {
  return {
    documents: [`${folder}/**/*.ts`, `!${folder}/generated/**`],
    preset: 'client',
    presetConfig: { fragmentMasking: false },
    config: {
      documentMode: 'string',
      useTypeImports: true,
      enumsAsTypes: true,
      strictScalars: true,
      scalars: { DateTime: 'string', JSON: 'unknown', FloatSeries: '(number | null)[]' },
    },
  };
}

const config: CodegenConfig = {
  schema: '../api/schema.graphql',
  overwrite: true,
  ignoreNoDocuments: true,
  generates: {
    'src/generated/': typedDocumentsOf('src'),
    'test/generated/': typedDocumentsOf('test'),
  },
};

export default config;
