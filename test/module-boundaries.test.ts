import { ESLint } from 'eslint';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');

/** The architecture rule, checked the way CI lints: domain libraries cannot reach frameworks or I/O. */
describe('module boundaries', () => {
  let eslint: ESLint;

  beforeAll(() => {
    // The Nx rule reads the cached project graph; make sure it exists, as `npm run lint` does.
    execFileSync(resolve(root, 'node_modules/.bin/nx'), ['show', 'projects'], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
    eslint = new ESLint({ cwd: root });
  });

  const lint = async (file: string, text: string) => {
    const [result] = await eslint.lintText(text, { filePath: resolve(root, file) });
    return result.messages
      .filter((message) => message.ruleId === '@nx/enforce-module-boundaries')
      .map((message) => message.message);
  };

  it.each(['contracts', 'nlp', 'nlp-training', 'coordination'])(
    'forbids NestJS and kafkajs in libs/%s',
    async (lib) => {
      const messages = await lint(
        `libs/${lib}/src/probe.ts`,
        "import { Injectable } from '@nestjs/common';\nimport { Kafka } from 'kafkajs';\nexport const probe = [Injectable, Kafka];\n",
      );
      expect(messages.some((m) => m.includes('@nestjs/common'))).toBe(true);
      expect(messages.some((m) => m.includes('kafkajs'))).toBe(true);
    },
  );

  it('keeps libs/auth (infrastructure) out of the domain libraries and open to apps', async () => {
    const probe = "import { RequireRole } from '@riptide/auth';\nexport const probe = RequireRole;\n";
    expect(await lint('libs/contracts/src/probe.ts', probe)).toEqual([
      expect.stringMatching(/type:domain.*can only depend on libs tagged with "type:domain"/),
    ]);
    expect(await lint('apps/ingest/src/probe.ts', probe)).toEqual([]);
  });

  it('lets an app import infrastructure and domain libraries', async () => {
    const messages = await lint(
      'apps/ingest/src/probe.ts',
      "import { postCodec } from '@riptide/contracts';\nimport { createKafka } from '@riptide/stream';\nexport const probe = [postCodec, createKafka];\n",
    );
    expect(messages).toEqual([]);
  });

  it('keeps training (libs/nlp-training) out of the services and of the runtime NLP library, and open to the CLI', async () => {
    const probe =
      "import { fitSmallModel } from '@riptide/nlp-training';\nexport const probe = fitSmallModel;\n";
    expect(await lint('apps/scorer/src/probe.ts', probe)).toEqual([
      expect.stringMatching(/scope:service.*can not depend on libs tagged with "scope:training"/),
    ]);
    expect(await lint('libs/opinion/src/probe.ts', probe)).toEqual([
      expect.stringMatching(/type:domain.*can not depend on libs tagged with "scope:training"/),
    ]);
    expect((await lint('libs/nlp/src/probe.ts', probe)).length).toBeGreaterThan(0);
    expect(await lint('apps/cli/src/probe.ts', probe)).toEqual([]);
  });
});
