import { parse, transformFile, type Module, type Options } from '@swc/core';
import { basename, dirname, relative } from 'node:path';

/** A module compiled to CommonJS, with the requires it makes. */
export interface CompiledModule {
  readonly code: string;
  readonly map: string;
  readonly requires: readonly ModuleRequire[];
}

export interface ModuleRequire {
  readonly specifier: string;
  /** Made inside a function (a compiled `import()` or a lazy require): only run when that code runs. */
  readonly lazy: boolean;
}

/**
 * Compiles one TypeScript module to `outFile` (code and source map) and lists its requires, read from
 * the compiled code: imports used only as types are gone there, and `import()` has become a require
 * inside a function.
 */
export async function compileModule(
  sourceFile: string,
  outFile: string,
  options: Options,
): Promise<CompiledModule> {
  const output = await transformFile(sourceFile, {
    ...options,
    filename: sourceFile,
    // The map names the source relative to itself, so it holds wherever dist/riptide is copied with its sources.
    sourceFileName: relative(dirname(outFile), sourceFile),
  });
  if (output.map === undefined) throw new Error(`${sourceFile}: swc produced no source map`);
  const code = `${output.code}\n//# sourceMappingURL=${basename(outFile)}.map\n`;
  const program = await parse(output.code, { syntax: 'ecmascript', target: 'es2022' });
  return { code, map: output.map, requires: requiresOf(program) };
}

const FUNCTION_NODES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ClassMethod',
  'PrivateMethod',
  'Constructor',
  'GetterProperty',
  'SetterProperty',
  'MethodProperty',
]);

/** Every `require("literal")` call in the program, and whether it sits inside a function. */
function requiresOf(program: Module): ModuleRequire[] {
  const found: ModuleRequire[] = [];
  const visit = (node: unknown, insideFunction: boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, insideFunction);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    const literal = requiredLiteral(record);
    if (literal !== undefined) found.push({ specifier: literal, lazy: insideFunction });
    const inside = insideFunction || FUNCTION_NODES.has(record.type as string);
    for (const [key, value] of Object.entries(record)) if (key !== 'span') visit(value, inside);
  };
  visit(program.body, false);
  return found;
}

function requiredLiteral(node: Record<string, unknown>): string | undefined {
  if (node.type !== 'CallExpression') return undefined;
  const callee = node.callee as { type?: string; value?: string };
  const args = node.arguments as { expression: { type: string; value?: unknown } }[];
  if (callee.type !== 'Identifier' || callee.value !== 'require' || args.length !== 1) return undefined;
  const argument = args[0].expression;
  return argument.type === 'StringLiteral' && typeof argument.value === 'string' ? argument.value : undefined;
}
