import type { Command } from 'commander';
import { CliError } from '../cli-error';
import { BASE_IMAGE_TAG, IMAGE_TAG } from '../image/podman';

const log = (line: string) => process.stderr.write(`image: ${line}\n`);

/** `riptide image base|build|verify-models`: the container image with podman (docs/deploy-image.md). */
export function registerImageCommands(program: Command): void {
  const image = program
    .command('image')
    .description('the container image, built with podman (docs/deploy-image.md)');
  image
    .command('base')
    .description(
      `build the local base ${BASE_IMAGE_TAG} (debootstrap minbase bookworm, Node 24 from node_modules/node, npm); skipped when it exists with the same Node`,
    )
    .option('--force', 'rebuild it even when it exists')
    .action(async (options: { force?: boolean }) => {
      const { buildBaseImage } = await import('../image/build-image');
      await buildBaseImage(options.force ?? false, log);
    });
  image
    .command('build')
    .description(
      'build the image from the Dockerfile with podman (the local base is built first when missing)',
    )
    .option('--tag <image>', 'the tag to give it', IMAGE_TAG)
    .option('--base <image>', 'BASE_IMAGE: the image it builds on', BASE_IMAGE_TAG)
    .action(async (options: { tag: string; base: string }) => {
      const { buildImage } = await import('../image/build-image');
      await buildImage(options, log);
    });
  image
    .command('verify-models')
    .description(
      'check every model file against the sha256 its manifest pins, and that no ONNX file is unpinned; prints the files checked in sha256sum format (the image build runs it)',
    )
    .requiredOption('--models <dir>', 'the models folder (manifests and tier files)')
    .requiredOption('--encoders <dir>', 'the fetched sentence encoders (one folder per encoder id)')
    .action(async (options: { models: string; encoders: string }) => {
      const { relative } = await import('node:path');
      const { verifyModels } = await import('../image/verify-models');
      let verified;
      try {
        verified = verifyModels(options.models, options.encoders);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      for (const file of verified)
        process.stdout.write(`${file.sha256}  ${relative(process.cwd(), file.path)}\n`);
      const bytes = verified.reduce((sum, file) => sum + file.bytes, 0);
      log(`${verified.length} model files verified (${(bytes / 1e6).toFixed(1)} MB)`);
    });
}
