import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { readJetstreamFrame, wantsFrame } from './jetstream-frame';
import { startJetstreamReplayServer, type JetstreamReplayServer } from './jetstream-replay-server';
import { generateJetstreamFrames } from './jetstream-sample';

/** What the frames of a replay process are: a Jetstream subscription's view of a seeded firehose. */
export interface SubscribedFramesOptions {
  readonly seed: number;
  /** Frames the subscription receives. */
  readonly frames: number;
  readonly wantedCollections: readonly string[];
  /** The subscription's maxMessageSizeBytes: bigger frames are not sent. */
  readonly maxMessageSizeBytes: number;
}

export interface JetstreamReplayProcess {
  /** Frames each server sends a subscription with the options' collections and size limit. */
  readonly frames: number;
  readonly bytes: number;
  /** A fresh server (the previous one closed) replaying the frames from the start: its URL. */
  serve(): Promise<string>;
  close(): Promise<void>;
}

const REPO_ROOT = resolve(__dirname, '../../../..');
const GENERATED_PER_CHUNK = 50_000;

/**
 * A Jetstream replay server in a process of its own, so that a benchmark in this process measures the
 * client alone (its CPU, its event loop), as it would meet a remote Jetstream.
 */
export async function startJetstreamReplayProcess(
  options: SubscribedFramesOptions,
): Promise<JetstreamReplayProcess> {
  const child: ChildProcessByStdio<Writable, Readable, null> = spawn(
    process.execPath,
    ['-r', '@swc-node/register', __filename, JSON.stringify(options)],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: resolve(REPO_ROOT, 'tsconfig.json') },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const line = await lines.next();
    if (line.done) throw new Error(`the Jetstream replay process ended (exit ${child.exitCode})`);
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  const { frames, bytes } = (await next()) as { frames: number; bytes: number };
  return {
    frames,
    bytes,
    async serve() {
      child.stdin.write('serve\n');
      return String((await next()).url);
    },
    async close() {
      const exited = new Promise((done) => child.once('exit', done));
      child.stdin.end();
      await exited;
    },
  };
}

/** `options.frames` frames a subscription receives, from as many seeded firehose chunks as it takes. */
export function subscribedFrames(options: SubscribedFramesOptions): string[] {
  const frames: string[] = [];
  let startTimeUs: number | undefined;
  for (let chunk = 0; frames.length < options.frames; chunk++) {
    for (const frame of generateJetstreamFrames({
      seed: options.seed + chunk,
      events: GENERATED_PER_CHUNK,
      startTimeUs,
    })) {
      const facts = readJetstreamFrame(frame);
      if (facts.timeUs !== null) startTimeUs = facts.timeUs + 1;
      if (!wantsFrame(options.wantedCollections, facts) || facts.bytes > options.maxMessageSizeBytes)
        continue;
      if (frames.length < options.frames) frames.push(frame);
    }
  }
  return frames;
}

/** The child: generates the frames, says how many, then starts a fresh server for each `serve` line. */
async function serveFromStdin(options: SubscribedFramesOptions): Promise<void> {
  const frames = subscribedFrames(options);
  const bytes = frames.reduce((sum, frame) => sum + Buffer.byteLength(frame), 0);
  process.stdout.write(`${JSON.stringify({ frames: frames.length, bytes })}\n`);
  let server: JetstreamReplayServer | undefined;
  for await (const line of createInterface({ input: process.stdin })) {
    if (line !== 'serve') continue;
    await server?.close();
    server = await startJetstreamReplayServer({ frames });
    process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  }
  await server?.close();
}

if (require.main === module) void serveFromStdin(JSON.parse(process.argv[2]) as SubscribedFramesOptions);
