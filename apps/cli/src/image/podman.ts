import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { CliError } from '../cli-error';

/**
 * How podman runs here (as root, without systemd): the runc runtime and cgroupfs. Every podman call of
 * the CLI and the tests goes through these.
 */
export const PODMAN_GLOBAL_ARGS = ['--runtime', 'runc', '--cgroup-manager', 'cgroupfs'] as const;
export const IMAGE_TAG = 'localhost/riptide:dev';
export const BASE_IMAGE_TAG = 'localhost/riptide-base:bookworm-node24';

const CONTAINERS_CONF = '/etc/containers/containers.conf';

/** Fails with what to do when podman or its settings are missing. */
export function requirePodman(): void {
  const probe = spawnSync('podman', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    throw new CliError('podman is not installed (Debian: apt-get install podman runc debootstrap)');
  // The default ulimits podman sets cannot be set in this machine's containers: runc refuses to start.
  const conf = existsSync(CONTAINERS_CONF) ? readFileSync(CONTAINERS_CONF, 'utf8') : '';
  if (!/^\s*default_ulimits\s*=\s*\[\s*\]/m.test(conf))
    throw new CliError(
      `${CONTAINERS_CONF} must set no default ulimits (runc cannot apply them here); write:\n[containers]\ndefault_ulimits = []`,
    );
}

export function imageExists(image: string): boolean {
  return spawnSync('podman', ['image', 'exists', image]).status === 0;
}

/** The image's size in bytes, as podman reports it. */
export function imageSize(image: string): number {
  const inspect = spawnSync('podman', ['image', 'inspect', '--format', '{{.Size}}', image], {
    encoding: 'utf8',
  });
  return Number(inspect.stdout.trim());
}

/** Runs a command with its output passed through; rejects with a CliError naming it when it fails. */
export function runInherited(command: string, args: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', (error) => reject(new CliError(`${command}: ${error.message}`)));
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(
            new CliError(
              `${command} ${args.slice(0, 6).join(' ')} … failed (${signal ?? `exit ${code}`}); see its output above`,
            ),
          ),
    );
  });
}
