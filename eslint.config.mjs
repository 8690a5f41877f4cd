import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Domain libraries stay pure: no framework, no broker client, no database. Infrastructure wraps the
// outside world; apps only wire. The tags live in each project.json.
const frameworkAndIo = [
  '@nestjs/*',
  'kafkajs',
  'pg',
  'kysely',
  'drizzle-orm',
  '@electric-sql/pglite',
  'express',
  'prom-client',
  'pino',
];

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '.local/**', '.nx/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          // The CLI imports libraries lazily inside commands (fast start) and statically elsewhere.
          checkDynamicDependenciesExceptions: [
            '@riptide/contracts',
            '@riptide/nlp',
            '@riptide/nlp-training',
            '@riptide/coordination',
            '@riptide/stream',
            '@riptide/observability',
            '@riptide/auth',
            '@riptide/opinion',
          ],
          depConstraints: [
            // Training and evaluation stay out of what the services run: only the CLI and other
            // training code may import @riptide/nlp-training.
            { sourceTag: 'type:domain', notDependOnLibsWithTags: ['scope:training'] },
            { sourceTag: 'scope:service', notDependOnLibsWithTags: ['scope:training'] },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain'],
              bannedExternalImports: frameworkAndIo,
            },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:domain', 'type:infra'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:infra'] },
          ],
        },
      ],
    },
  },
  {
    files: [
      'libs/contracts/**/*.ts',
      'libs/nlp/**/*.ts',
      'libs/nlp-training/**/*.ts',
      'libs/coordination/**/*.ts',
      'libs/opinion/**/*.ts',
    ],
    ignores: ['**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    // kafkajs stays behind libs/stream, so that another client could replace it.
    files: ['apps/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'kafkajs', message: 'use libs/stream; kafkajs stays behind it' }] },
      ],
    },
  },
  {
    // bin/riptide.cjs is plain CommonJS run by Node before TypeScript is loaded.
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', process: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
