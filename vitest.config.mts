import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { resolve } from 'node:path';

// SWC instead of esbuild so that NestJS decorators emit design-time metadata for dependency injection.
const alias = Object.fromEntries(
  [
    'contracts',
    'nlp',
    'nlp-training',
    'coordination',
    'stream',
    'observability',
    'auth',
    'opinion',
    'store',
  ].map((lib) => [`@riptide/${lib}`, resolve(import.meta.dirname, `libs/${lib}/src/index.ts`)]),
);

export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: { alias },
  test: {
    include: ['apps/**/*.spec.ts', 'libs/**/*.spec.ts', 'test/**/*.test.ts'],
    // Starts the local broker and fetches the embedding models when absent (a fresh clone).
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
