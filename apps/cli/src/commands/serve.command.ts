import type { Command } from 'commander';
import { CliError } from '../cli-error';
import {
  COMMON_VARIABLES,
  ROLE_NAMES,
  SERVE_ROLES,
  type RoleName,
  type RoleSpec,
} from '../serve/serve-roles';

/**
 * `riptide serve <role>`: the one entry point of every service, from the sources (`npx riptide`) and
 * from the build (`node dist/riptide/apps/cli/src/main.js`, the image's ENTRYPOINT).
 * `riptide healthcheck`: the image's HEALTHCHECK.
 */
export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('run one service role until SIGTERM or SIGINT (then it closes cleanly and exits 0)')
    .argument('<role>', ROLE_NAMES.join(' | '))
    .addHelpText('after', rolesHelp())
    .action(async (name: string) => {
      if (!(ROLE_NAMES as string[]).includes(name))
        throw new CliError(`unknown role "${name}"; the roles are ${ROLE_NAMES.join(', ')}`, 2);
      const role: RoleSpec = SERVE_ROLES[name as RoleName];
      role.checkEnvironment?.(process.env);
      const { serveRole } = await import('../serve/serve-role');
      serveRole(name as RoleName, role);
    });

  program
    .command('healthcheck')
    .description(
      'exit 0 if the role serving here answers /health with 200 (its port from the port file `riptide serve` writes in RIPTIDE_RUN_DIR), else 1',
    )
    .option('--role <role>', 'which role, when several serve from the same RIPTIDE_RUN_DIR')
    .option('--port <port>', 'ask this port instead of reading a port file')
    .option('--timeout-ms <ms>', 'how long to wait for the answer', '2000')
    .action(async (options: { role?: string; port?: string; timeoutMs: string }) => {
      const { checkHealth } = await import('../serve/healthcheck');
      const line = await checkHealth({
        role: options.role,
        port: options.port === undefined ? undefined : positiveInteger('--port', options.port),
        timeoutMs: positiveInteger('--timeout-ms', options.timeoutMs),
      });
      process.stdout.write(`${line}\n`);
    });
}

function positiveInteger(option: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0)
    throw new CliError(`${option}: expected a positive integer, got "${value}"`, 2);
  return number;
}

function rolesHelp(): string {
  const width = Math.max(...ROLE_NAMES.map((name) => name.length)) + 2;
  const indent = ' '.repeat(width + 2);
  const roles = ROLE_NAMES.map((name) => {
    const role = SERVE_ROLES[name];
    return [
      `  ${name.padEnd(width)}${role.summary}`,
      `${indent}port ${role.portVariable} (default ${role.defaultPort}); documented in ${role.docs}`,
      wrap(`reads ${role.variables.join(', ')}`, indent),
    ].join('\n');
  });
  return [
    '',
    'Roles (each serves /metrics, /health and /ready on its port):',
    ...roles,
    '',
    wrap(
      `Every role also reads ${COMMON_VARIABLES.join(', ')} (README.md "Configuration" and "Secured Kafka").`,
      '',
    ),
    wrap(
      'Each writes its port to $RIPTIDE_RUN_DIR/riptide-<role>.port (default the temporary folder) for `riptide healthcheck`. Deployment: docs/deploy-image.md.',
      '',
    ),
  ].join('\n');
}

/** Breaks a long line at spaces to fit a terminal, each continuation under `indent`. */
function wrap(text: string, indent: string, width = 100): string {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(' ')) {
    if (line.trim() !== '' && line.length + word.length + 1 > width) {
      lines.push(line);
      line = indent;
    }
    line += line.trim() === '' ? word : ` ${word}`;
  }
  return [...lines, line].join('\n');
}
