import { encoderProblems, ENCODER_MANIFEST_PATHS, loadEncoderManifest } from '@riptide/nlp';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError } from '../cli-error';
import {
  BASE_IMAGE_TAG,
  imageExists,
  imageSize,
  PODMAN_GLOBAL_ARGS,
  requirePodman,
  runInherited,
} from './podman';

const REPO = resolve(__dirname, '../../../..');
/** Where the build context holds the fetched sentence encoders (`riptide models fetch`); see .dockerignore. */
const ENCODERS_DIR = resolve(REPO, '.local/models');

export interface BuildImageOptions {
  readonly tag: string;
  readonly base: string;
}

/** `riptide image base`: deploy/image/build-base.sh (debootstrap, Node, npm, podman import). */
export async function buildBaseImage(force: boolean, log: (line: string) => void): Promise<void> {
  requirePodman();
  const started = performance.now();
  await runInherited(
    'bash',
    ['deploy/image/build-base.sh', ...(force ? ['--force'] : []), BASE_IMAGE_TAG],
    REPO,
  );
  log(`base ready in ${seconds(started)} s`);
}

/**
 * `riptide image build`: the Dockerfile with podman, from the local base unless another is named (the
 * local base is built first when missing). The encoders are fetched first when absent: the image bakes
 * them in from the build context, and verifies every model's checksum while it builds.
 */
export async function buildImage(options: BuildImageOptions, log: (line: string) => void): Promise<void> {
  requirePodman();
  const started = performance.now();
  if (options.base === BASE_IMAGE_TAG && !imageExists(BASE_IMAGE_TAG)) await buildBaseImage(false, log);
  provideEncoders(log);
  log(`building ${options.tag} from ${options.base}`);
  await runInherited(
    'podman',
    [
      ...PODMAN_GLOBAL_ARGS,
      'build',
      '--network=host',
      // HEALTHCHECK is part of the docker image format only; OCI images drop it.
      '--format=docker',
      '--layers',
      // The dependency stages and the build run side by side: a cold build takes 150 s instead of 180 s.
      '--jobs=2',
      ...registryCaSecret(),
      '--build-arg',
      `BASE_IMAGE=${options.base}`,
      '--build-arg',
      `VERSION=${packageVersion()}`,
      '--build-arg',
      `REVISION=${gitRevision()}`,
      '--tag',
      options.tag,
      '--file',
      'Dockerfile',
      '.',
    ],
    REPO,
  );
  log(`built ${options.tag} in ${seconds(started)} s: ${(imageSize(options.tag) / 1e6).toFixed(0)} MB`);
}

function provideEncoders(log: (line: string) => void): void {
  const missing = ENCODER_MANIFEST_PATHS.flatMap((path) =>
    encoderProblems(loadEncoderManifest(path), ENCODERS_DIR),
  );
  if (missing.length === 0) return;
  log(`sentence encoders not ready (${missing[0]}): riptide models fetch`);
  const fetch = spawnSync(process.execPath, [resolve(REPO, 'bin/riptide.cjs'), 'models', 'fetch'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, RIPTIDE_MODELS_DIR: ENCODERS_DIR },
  });
  if (fetch.status !== 0)
    throw new CliError('riptide models fetch failed (see above); the image needs the encoders');
}

/** The CA certificates this machine's Node trusts beyond its own, for npm in the build (see the Dockerfile). */
function registryCaSecret(): string[] {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  return file && existsSync(file) ? ['--secret', `id=registry-ca,src=${file}`] : [];
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(resolve(REPO, 'package.json'), 'utf8')) as { version: string }).version;
}

function gitRevision(): string {
  const git = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: REPO, encoding: 'utf8' });
  return git.status === 0 ? git.stdout.trim() : 'unknown';
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}
