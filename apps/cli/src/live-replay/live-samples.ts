import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateJetstreamFrames, type JetstreamSampleOptions } from './jetstream-sample';
import {
  generateMastodonTimeline,
  type MastodonDelete,
  type MastodonSampleOptions,
  type MastodonStatusJson,
  type MastodonTimeline,
} from './mastodon-sample';

/**
 * The recorded live samples the connector tests replay (test/fixtures/live/), written once by
 * `node -r @swc-node/register apps/cli/src/live-replay/live-samples.ts` from the seeded generators;
 * live-samples.spec.ts checks that the generators still write them byte for byte.
 */
export const LIVE_FIXTURES_DIR = resolve(__dirname, '../../../../test/fixtures/live');

export const JETSTREAM_SAMPLE: JetstreamSampleOptions = { seed: 21, events: 1_000 };
export const MASTODON_SAMPLE: MastodonSampleOptions = { seed: 21, statuses: 300 };

/** One frame per line: malformed frames are not JSON, so the file is not NDJSON. */
const JETSTREAM_FILE = 'jetstream-frames.txt';
const MASTODON_STATUSES_FILE = 'mastodon-statuses.ndjson';
const MASTODON_DELETES_FILE = 'mastodon-deletes.ndjson';

export function liveSampleFiles(): Record<string, string> {
  const timeline = generateMastodonTimeline(MASTODON_SAMPLE);
  return {
    [JETSTREAM_FILE]: lines(generateJetstreamFrames(JETSTREAM_SAMPLE)),
    [MASTODON_STATUSES_FILE]: lines(timeline.statuses.map((status) => JSON.stringify(status))),
    [MASTODON_DELETES_FILE]: lines(timeline.deletes.map((deletion) => JSON.stringify(deletion))),
  };
}

export function recordedJetstreamFrames(dir = LIVE_FIXTURES_DIR): string[] {
  return readLines(join(dir, JETSTREAM_FILE));
}

export function recordedMastodonTimeline(dir = LIVE_FIXTURES_DIR): MastodonTimeline {
  return {
    statuses: readLines(join(dir, MASTODON_STATUSES_FILE)).map(
      (line) => JSON.parse(line) as MastodonStatusJson,
    ),
    deletes: readLines(join(dir, MASTODON_DELETES_FILE)).map((line) => JSON.parse(line) as MastodonDelete),
  };
}

function lines(items: readonly string[]): string {
  return items.map((item) => `${item}\n`).join('');
}

function readLines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').slice(0, -1);
}

if (require.main === module) {
  mkdirSync(LIVE_FIXTURES_DIR, { recursive: true });
  for (const [name, text] of Object.entries(liveSampleFiles()))
    writeFileSync(join(LIVE_FIXTURES_DIR, name), text);
  process.stdout.write(`wrote the live samples to ${LIVE_FIXTURES_DIR}\n`);
}
