// ESLint flat config for the whole monorepo; Prettier owns formatting (eslint-config-prettier).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
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
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@hpa-lab/db',
                '@hpa-lab/db/*',
                '@hpa-lab/api',
                '@hpa-lab/api/*',
                '@prisma/*',
              ],
              message: 'apps/web talks to the data only through the GraphQL API.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/cli/**', '**/scripts/**', '**/bench/**', '.ci/**', '**/*.config.*'],
    rules: { 'no-console': 'off' },
  },
  prettier,
);
