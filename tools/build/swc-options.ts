import type { Options } from '@swc/core';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

interface TsCompilerOptions {
  readonly target: string;
  readonly module: string;
  readonly experimentalDecorators?: boolean;
  readonly emitDecoratorMetadata?: boolean;
  readonly baseUrl: string;
  readonly paths: Record<string, string[]>;
}

/**
 * The swc options that compile the sources as the development loader (@swc-node/register) runs them:
 * read from tsconfig.base.json, so that the build and `npx riptide` cannot drift apart. Decorator
 * metadata is what NestJS's dependency injection reads; `@riptide/*` aliases become relative requires.
 */
export function swcOptionsFor(root: string): Options {
  const tsconfig = JSON.parse(readFileSync(resolve(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: TsCompilerOptions;
  };
  const options = tsconfig.compilerOptions;
  if (options.module.toLowerCase() !== 'commonjs')
    throw new Error(`tsconfig.base.json: module is ${options.module}; the build emits CommonJS only`);
  if (!options.experimentalDecorators || !options.emitDecoratorMetadata)
    throw new Error('tsconfig.base.json: NestJS needs experimentalDecorators and emitDecoratorMetadata');
  const baseUrl = resolve(root, options.baseUrl);
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      target: options.target.toLowerCase() as NonNullable<Options['jsc']>['target'],
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
      keepClassNames: true,
      baseUrl,
      paths: options.paths,
    },
    module: { type: 'commonjs' },
    sourceMaps: true,
    swcrc: false,
    configFile: false,
  };
}
