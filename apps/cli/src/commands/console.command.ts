import type { Command } from 'commander';
import { relative, resolve } from 'node:path';
import { CliError } from '../cli-error';

function formatSize(bytes: number): string {
  return bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} B`;
}

export function registerConsoleCommand(program: Command): void {
  const console = program.command('console').description('the analyst web console served by the api');
  console
    .command('build')
    .description('bundle apps/console with esbuild into the folder the api serves (API_CONSOLE_DIR)')
    .option('--out <dir>', 'output folder', 'dist/console')
    .option('--watch', 'rebuild whenever a source file changes', false)
    .action(async (options: { out: string; watch: boolean }) => {
      const { buildConsole, watchConsole } = await import('../console/build-console');
      const outDir = resolve(options.out);
      const report = (files: { name: string; bytes: number }[]) => {
        for (const file of files)
          process.stdout.write(
            `${relative(process.cwd(), resolve(outDir, file.name))}  ${formatSize(file.bytes)}\n`,
          );
      };
      if (options.watch) {
        await watchConsole(outDir, (result) => {
          if (result instanceof Error)
            process.stderr.write(`riptide: console build failed\n${result.message}\n`);
          else report(result);
        });
        process.stdout.write(`watching apps/console/src; writing to ${outDir} (Ctrl-C to stop)\n`);
        return;
      }
      try {
        report(await buildConsole(outDir));
      } catch (error) {
        throw new CliError(`console build failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
}
