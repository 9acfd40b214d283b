// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'eslint.config.mjs', 'jest.config.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      'no-restricted-imports': 'off',
    },
  },
  {
    // Test helpers answer parsed JSON of any shape; tests assert on it.
    files: ['**/test/**/*.ts', '**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.int-spec.ts', 'libs/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Apps never import each other: they talk over HTTP, as Entra and a SaaS app do (docs/architecture.md). Composition
  // roots (apps/stack, apps/cli), tests and benches may import both.
  {
    files: ['apps/entra/**/*.ts'],
    ignores: ['apps/*/test/**', '**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@app/scim-target', '@app/scim-target/*', '**/scim-target/src', '**/scim-target/src/**'],
              message: 'apps/entra talks to the SCIM target over HTTP only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/scim-target/**/*.ts'],
    ignores: ['apps/*/test/**', '**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@app/entra', '@app/entra/*', '**/entra/src', '**/entra/src/**'],
              message: 'apps/scim-target is called over HTTP only; it knows nothing of apps/entra.',
            },
          ],
        },
      ],
    },
  },
  {
    // The pure libraries stay pure: no framework, ORM or I/O.
    files: ['libs/scim/**/*.ts', 'libs/provisioning-core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: ['@nestjs/*', 'typeorm', 'typeorm-*', 'pg', 'node:*', 'fs', 'http', 'https', 'net'] },
      ],
    },
  },
  {
    // The CLI's launcher is plain CommonJS run by node (package.json "bin"): no type information, Node's globals.
    files: ['apps/cli/bin/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      sourceType: 'commonjs',
      parserOptions: { projectService: false },
      globals: { require: 'readonly', process: 'readonly', __dirname: 'readonly' },
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
);
