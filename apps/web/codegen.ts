// GraphQL Code Generator, client preset: typed documents for every graphql(`...`) call in src/,
// e2e/ and bench/, from the API's schema. Output is gitignored; `npm run generate` (root
// postinstall) writes it. documentMode `string` keeps graphql-js out of the pages: a document is
// its text. Fragment masking is on: a component declares the fragment it reads beside it and
// types its props `FragmentType<typeof Fragment>`; only `useFragment(Fragment, data)` unmasks
// the fields, so a page's query cannot feed a component fields it did not ask for.
//
// Why a file per workspace rather than one codegen.ts at the root with a `generates` entry per
// workspace (tried for issue 18): the four outputs share only the scalar mapping. The API's is
// typescript-resolvers with mappers and its database enum spellings (imports of its own
// sources); the web's masks fragments; the trainer's and platform's type test documents with
// masking off. turbo runs each workspace's `generate` before that workspace's typecheck and
// tests, so a root file would regenerate all four for each, and a web build would need the
// API's sources to load its config.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../api/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', 'e2e/**/*.ts', 'bench/**/*.ts', '!src/graphql/generated/**'],
  ignoreNoDocuments: true,
  overwrite: true,
  generates: {
    'src/graphql/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: true },
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
