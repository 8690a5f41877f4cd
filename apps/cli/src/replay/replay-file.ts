import {
  postCodec,
  postDeletionCodec,
  readPostRecords,
  SourceFormatError,
  type PostFormat,
} from '@riptide/contracts';
import { createProducerSink, kafkaConnectionFromEnv, OutboundMessage } from '@riptide/stream';
import { SingleBar } from 'cli-progress';
import { createReadStream, createWriteStream, statSync, WriteStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { CliError } from '../cli-error';

export interface ReplayOptions {
  readonly file: string;
  readonly format: PostFormat;
  /** Records (posts and deletions) per second; unlimited when undefined. */
  readonly rate?: number;
  /** Where to write every rejected record as NDJSON (line, code, field, message). */
  readonly errorsFile?: string;
  readonly topic: string;
  /** Where the source's deletions of posts go (a Bluesky delete commit), keyed by post id. */
  readonly deletionsTopic: string;
}

export interface ReplaySummary {
  readonly file: string;
  readonly format: PostFormat;
  readonly topic: string;
  readonly produced: number;
  /** Deletions of posts produced to `deletions_topic`. */
  readonly deletions: number;
  readonly deletions_topic: string;
  readonly invalid: number;
  readonly skipped: number;
  readonly seconds: number;
  readonly per_s: number;
}

const SEND_BATCH = 1_000;
const SHOWN_ERRORS = 10;

/**
 * Streams a file through the format's adapter into `posts.raw`, and the deletions it records into
 * `posts.deleted`, both keyed by post id (idempotent: replaying the same file again rewrites the same
 * keys). Rejected records are counted, the first ones printed and all of them written to `errorsFile`
 * when given: nothing is dropped silently.
 */
export async function replayFile(
  options: ReplayOptions,
  stderr: NodeJS.WritableStream = process.stderr,
): Promise<ReplaySummary> {
  let size: number;
  try {
    size = statSync(options.file).size;
  } catch {
    throw new CliError(`cannot read --file ${options.file}: no such file`);
  }
  const sink = createProducerSink(kafkaConnectionFromEnv('riptide-replay'));
  await sink.connect();
  const errorsOut: WriteStream | undefined = options.errorsFile
    ? createWriteStream(options.errorsFile)
    : undefined;
  const bar = new SingleBar({
    format: 'replay |{bar}| {percentage}% | {posts} posts | {invalid} invalid | {rate}/s',
    stream: stderr,
    hideCursor: true,
  });
  bar.start(size, 0, { posts: 0, invalid: 0, rate: 0 });

  const source = createReadStream(options.file);
  let produced = 0;
  let deletions = 0;
  let invalid = 0;
  let skipped = 0;
  let pending: OutboundMessage[] = [];
  let pendingDeletions = 0;
  const started = performance.now();
  const flush = async () => {
    if (pending.length === 0) return;
    await sink.send(pending);
    produced += pending.length - pendingDeletions;
    deletions += pendingDeletions;
    pending = [];
    pendingDeletions = 0;
    if (options.rate) {
      // Pace against the wall clock so the average rate holds whatever the batch size.
      const due = ((produced + deletions) / options.rate) * 1000 - (performance.now() - started);
      if (due > 0) await sleep(due);
    }
    const seconds = (performance.now() - started) / 1000;
    bar.update(source.bytesRead, {
      posts: produced,
      invalid,
      rate: Math.round(produced / Math.max(seconds, 1e-3)),
    });
  };

  try {
    for await (const { line, result } of readPostRecords(options.format, source)) {
      if (result.ok === true) {
        pending.push({ topic: options.topic, key: result.post.id, value: postCodec.encode(result.post) });
      } else if (result.ok === 'delete') {
        const { deletion } = result;
        pending.push({
          topic: options.deletionsTopic,
          key: deletion.id,
          value: postDeletionCodec.encode(deletion),
        });
        pendingDeletions++;
      } else if (result.ok === 'skip') {
        skipped++;
      } else {
        invalid++;
        errorsOut?.write(`${JSON.stringify({ line, ...result.error })}\n`);
        if (invalid <= SHOWN_ERRORS) stderr.write(`\nline ${line}: ${result.error.message}\n`);
      }
      if (pending.length >= Math.min(SEND_BATCH, options.rate ?? SEND_BATCH)) await flush();
    }
    await flush();
  } catch (error) {
    if (error instanceof SourceFormatError)
      throw new CliError(`${options.file} is not readable as ${options.format}: ${error.message}`);
    throw error;
  } finally {
    bar.stop();
    errorsOut?.end();
    await sink.disconnect();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    file: options.file,
    format: options.format,
    topic: options.topic,
    produced,
    deletions,
    deletions_topic: options.deletionsTopic,
    invalid,
    skipped,
    seconds: Math.round(seconds * 1000) / 1000,
    per_s: Math.round(produced / seconds),
  };
}
