import type { Command } from 'commander';
import { resolve } from 'node:path';
import { CliError } from '../cli-error';

export function registerDashboardsCommand(program: Command): void {
  program
    .command('dashboards')
    .description(
      'write the Grafana dashboards generated from apps/cli/src/dashboards (or check the committed ones)',
    )
    .option('--out <dir>', 'folder to write the dashboard JSON into', 'deploy/grafana/dashboards')
    .option(
      '--check',
      'write nothing; exit 1 listing the files that differ from what the code generates',
      false,
    )
    .action(async (options: { out: string; check: boolean }) => {
      const { staleDashboards, writeDashboards } = await import('../dashboards/dashboard-files');
      const dir = resolve(options.out);
      if (options.check) {
        const stale = await staleDashboards(dir);
        if (stale.length > 0)
          throw new CliError(
            `dashboards in ${dir} differ from the code (regenerate with: riptide dashboards --out ${options.out}):\n${stale.map((file) => `  ${file}`).join('\n')}`,
          );
        process.stdout.write(`dashboards in ${dir} match the code\n`);
        return;
      }
      for (const file of await writeDashboards(dir)) process.stdout.write(`wrote ${resolve(dir, file)}\n`);
    });
}
