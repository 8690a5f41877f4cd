import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { IMAGE_TAG, PODMAN_GLOBAL_ARGS } from '../../apps/cli/src/image/podman';

/** The image the container tests run: `npx riptide image build` makes it (CI builds it before the tests). */
export const TEST_IMAGE = process.env.RIPTIDE_TEST_IMAGE ?? IMAGE_TAG;

function podman(args: readonly string[]) {
  const result = spawnSync('podman', [...PODMAN_GLOBAL_ARGS, ...args], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return result;
}

/** Why the container tests cannot run here, or undefined when podman and the image are present. */
export function containerTestBlocker(image = TEST_IMAGE): string | undefined {
  const probe = spawnSync('podman', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return 'podman is not installed (apt-get install podman runc)';
  if (podman(['image', 'exists', image]).status !== 0)
    return `the image ${image} is absent (build it: npx riptide image build)`;
  return undefined;
}

/** A free TCP port on this host: the containers share the host's network. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RoleContainer {
  readonly name: string;
  readonly role: string;
  /** http://127.0.0.1:<port> of the role's HTTP listener. */
  readonly url: string;
  /** `podman exec`: the command's stdout, or an error with its stderr. */
  exec(command: readonly string[]): string;
  /** `podman healthcheck run`: the image's HEALTHCHECK, run now. */
  healthcheck(): { healthy: boolean; output: string };
  /** `podman stop` (SIGTERM, SIGKILL after `timeoutSeconds`): how long it took and the exit code. */
  stop(timeoutSeconds: number): { seconds: number; exitCode: number };
  logs(): string;
  remove(): void;
}

/**
 * `podman run` of one role from the image on the host's network (the local broker is 127.0.0.1:9092
 * there too). The image's HEALTHCHECK timer is off (it needs systemd, absent here): the test runs the
 * check itself.
 */
export function startRoleContainer(
  role: string,
  port: number,
  env: Record<string, string>,
  mounts: readonly string[] = [],
  image = TEST_IMAGE,
): RoleContainer {
  const name = `riptide-test-${role}-${randomBytes(3).toString('hex')}`;
  const run = podman([
    'run',
    '--detach',
    '--name',
    name,
    '--network=host',
    '--health-interval=disable',
    ...Object.entries(env).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
    ...mounts.flatMap((mount) => ['--volume', mount]),
    image,
    'serve',
    role,
  ]);
  if (run.status !== 0) throw new Error(`podman run ${role} failed: ${run.stderr}`);
  return {
    name,
    role,
    url: `http://127.0.0.1:${port}`,
    exec: (command) => {
      const result = podman(['exec', name, ...command]);
      if (result.status !== 0) throw new Error(`podman exec ${name} ${command.join(' ')}: ${result.stderr}`);
      return result.stdout;
    },
    healthcheck: () => {
      const result = podman(['healthcheck', 'run', name]);
      return { healthy: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
    },
    stop: (timeoutSeconds) => {
      const started = performance.now();
      const stop = podman(['stop', '--time', String(timeoutSeconds), name]);
      const seconds = (performance.now() - started) / 1000;
      if (stop.status !== 0) throw new Error(`podman stop ${name}: ${stop.stderr}`);
      const exitCode = Number(podman(['inspect', '--format', '{{.State.ExitCode}}', name]).stdout.trim());
      return { seconds, exitCode };
    },
    logs: () => {
      const logs = podman(['logs', name]);
      return `${logs.stdout}${logs.stderr}`;
    },
    remove: () => {
      podman(['rm', '--force', '--time', '0', name]);
    },
  };
}
