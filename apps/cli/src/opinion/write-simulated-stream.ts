import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { SimulatedOpinionStream } from './simulated-opinion-stream';

/** What `riptide simulate opinion` reports on stdout. */
export interface WrittenStream {
  readonly out: string;
  readonly posts: number;
  readonly authors: number;
  readonly shifts: number;
  readonly from: string | null;
  readonly to: string | null;
}

/** Writes `posts.ndjson`, `authors.ndjson` and `truth.json` into `out`. */
export async function writeSimulatedStream(
  out: string,
  stream: SimulatedOpinionStream,
): Promise<WrittenStream> {
  await mkdir(out, { recursive: true });
  await writeNdjson(join(out, 'posts.ndjson'), stream.posts);
  await writeNdjson(join(out, 'authors.ndjson'), stream.authors);
  await writeFile(join(out, 'truth.json'), `${JSON.stringify(stream.truth, null, 2)}\n`);
  return {
    out,
    posts: stream.posts.length,
    authors: stream.authors.length,
    shifts: stream.truth.shifts.length,
    from: stream.posts[0]?.created_at ?? null,
    to: stream.posts.at(-1)?.created_at ?? null,
  };
}

async function writeNdjson(path: string, records: readonly object[]): Promise<void> {
  const file = createWriteStream(path);
  for (const record of records) {
    if (!file.write(`${JSON.stringify(record)}\n`)) await once(file, 'drain');
  }
  file.end();
  await finished(file);
}
