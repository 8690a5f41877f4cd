import { familySum, sampleValue } from '../prometheus-text';
import { roundTo } from '../round-to';
import type { BenchContext, BenchStage, BenchStageResult } from '../bench-stage';
import { authorProfile, PROFILES, tweetPostStream, type PostStream } from '../tweet-posts';
import type { KafkaConnection } from '@riptide/stream';
import type { ChildProcess } from 'node:child_process';

const REPO_ROOT = `${__dirname}/../../../../..`;
const PARTITIONS = 3;
// Hundreds of posts/s: a few thousand posts give a stable figure; small chunks give /metrics samples to time.
const ACCURATE_POSTS = 2_000;
const STALL_MS = 60_000;
const TOPICS = ['posts.raw', 'authors', 'posts.scored', 'stance.observations', 'shares'];
/**
 * How often the stage reads the scorer's /metrics: often enough to time a run of a few seconds within
 * a few percent, rarely enough not to load it (each scrape costs the scorer about 1.5 ms of CPU; at
 * 50 ms that was 3% of its time, against one scrape in 15 s under Prometheus).
 */
const METRICS_POLL_MS = 200;
/** prom-client's process CPU counter, as libs/observability prefixes it. */
const PROCESS_CPU_SECONDS = 'process_cpu_seconds_total';

/**
 * apps/scorer as a process of its own, through the broker: `posts.raw` filled with posts built from
 * real tweet texts (read from the shared data at bench time, never stored), an `authors` topic of
 * profiles to join, then one scorer instance consumes everything and writes its three outputs with
 * acknowledgements and commits. posts/s is read from the scorer's own /metrics, from its first
 * acknowledged chunk to its last, the way the baseline is timed from its first batch.
 */
export const scorerBrokerStage: BenchStage = {
  name: 'scorer_broker',
  description:
    'apps/scorer (one process, small models) from posts.raw of tweet texts to posts.scored, stance.observations and shares through the broker, also with kafkajs producing, without text shares, with one scoring thread per partition and with the accurate tiers; per_s = posts/s (one scoring thread)',
  needsBroker: true,
  async run(context) {
    const tweets = await tweetPostStream();

    const small = await withFilledTopics(context, 'scorer', context.messages, tweets, (connection) =>
      measureScorer(context, connection, 'small', context.messages, {}),
    );
    // The same run with kafkajs producing instead of libs/stream's DirectProducer: what the client costs.
    const kafkajsProducer = await withFilledTopics(
      context,
      'scorer-kafkajs',
      context.messages,
      tweets,
      (connection) =>
        measureScorer(context, connection, 'small-kafkajs-producer', context.messages, {
          RIPTIDE_KAFKA_PRODUCER: 'kafkajs',
        }),
    );
    const withoutText = await withFilledTopics(
      context,
      'scorer-notext',
      context.messages,
      tweets,
      (connection) =>
        measureScorer(context, connection, 'small-no-text-shares', context.messages, {
          SCORER_SHARE_KINDS: 'post,url,domain,hashtag,media',
        }),
    );
    // One instance running a scoring thread per partition (SCORER_THREADS, docs/scorer.md): all the cores.
    const threaded = await withFilledTopics(
      context,
      'scorer-threads',
      context.messages,
      tweets,
      (connection) =>
        measureScorer(context, connection, `small-${PARTITIONS}-threads`, context.messages, {
          SCORER_THREADS: String(PARTITIONS),
        }),
    );
    const accurateTier = async (tier: string): Promise<object> => {
      try {
        return await withFilledTopics(context, `scorer-${tier}`, ACCURATE_POSTS, tweets, (connection) =>
          measureScorer(context, connection, tier, ACCURATE_POSTS, {
            SCORER_TIER: tier,
            SCORER_CHUNK_SIZE: '100',
          }),
        );
      } catch (error) {
        return {
          skipped: `the ${tier} tier did not run (is it fetched? \`npx riptide models fetch\`): ${(error as Error).message}`,
        };
      }
    };
    const accurate = await accurateTier('accurate');
    const accurateE5 = await accurateTier('accurate-e5');
    return {
      per_s: small.per_s,
      posts: context.messages,
      partitions: PARTITIONS,
      outputs_per_post: small.outputs_per_post,
      output_messages_per_s: small.output_messages_per_s,
      cpu_us_per_post: small.cpu_us_per_post,
      inference_us_per_post: small.inference_us_per_post,
      small,
      small_kafkajs_producer: kafkajsProducer,
      small_without_text_shares: withoutText,
      small_threads: { threads: PARTITIONS, ...threaded },
      accurate,
      accurate_e5: accurateE5,
    };
  },
};

interface ScorerRun extends BenchStageResult {
  readonly seconds: number;
  /**
   * CPU time of the whole scorer process (every thread) per post over the timed window: steadier than
   * posts/s on a shared machine, since time the process waits for a core is not counted.
   */
  readonly cpu_us_per_post: number | null;
  readonly outputs_per_post: Record<string, number>;
  readonly output_messages_per_s: number;
  /** Time inside classifier calls (featurising and onnxruntime), per post: the models' share of the cost. */
  readonly inference_us_per_post: number;
}

async function withFilledTopics<T>(
  context: BenchContext,
  name: string,
  posts: number,
  tweets: PostStream,
  measure: (connection: KafkaConnection) => Promise<T>,
): Promise<T> {
  const { createBenchTopics, deleteBenchTopics, fillTopic, kafkaConnectionFromEnv } =
    await import('@riptide/stream');
  const connection: KafkaConnection = {
    ...kafkaConnectionFromEnv('riptide-bench'),
    topicPrefix: `bench.${context.runId}.${name}.`,
  };
  await createBenchTopics(connection, TOPICS, PARTITIONS);
  try {
    context.progress(`${name}: filling ${PROFILES} author profiles and ${posts} posts of tweet texts`);
    await fillTopic(connection, 'authors', PROFILES, (index) =>
      Buffer.from(JSON.stringify(authorProfile(index))),
    );
    await fillTopic(connection, 'posts.raw', posts, (index) => Buffer.from(JSON.stringify(tweets(index))));
    return await measure(connection);
  } finally {
    await deleteBenchTopics(connection, TOPICS).catch(() => undefined);
  }
}

/** Starts the scorer process, follows its /metrics until every post was consumed, stops it with SIGTERM. */
async function measureScorer(
  context: BenchContext,
  connection: KafkaConnection,
  label: string,
  posts: number,
  env: Record<string, string>,
): Promise<ScorerRun> {
  const { spawn } = await import('node:child_process');
  const { resolve } = await import('node:path');
  const root = resolve(REPO_ROOT);
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', resolve(root, 'apps/scorer/src/main.ts')],
    {
      cwd: root,
      env: {
        ...process.env,
        SWC_NODE_PROJECT: resolve(root, 'tsconfig.json'),
        KAFKA_BROKERS: connection.brokers.join(','),
        RIPTIDE_TOPIC_PREFIX: connection.topicPrefix,
        SCORER_PORT: '0',
        SCORER_GROUP_ID: `scorer-${label}`,
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  try {
    const port = await listeningPort(child);
    context.progress(`scorer_broker ${label}: scorer process on port ${port}, consuming ${posts} posts`);
    const consumedName = `riptide_stream_consumed_messages_total{topic="${connection.topicPrefix}posts.raw"}`;
    let first: { at: number; consumed: number; cpu: number } | undefined;
    let last = { at: performance.now(), consumed: 0, cpu: 0 };
    let metrics = '';
    while (last.consumed < posts) {
      await new Promise((done) => setTimeout(done, METRICS_POLL_MS));
      metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const consumed = sampleValue(metrics, consumedName);
      const cpu = sampleValue(metrics, PROCESS_CPU_SECONDS);
      const at = performance.now();
      if (consumed > last.consumed) last = { at, consumed, cpu };
      else if (at - last.at > STALL_MS)
        throw new Error(`scorer ${label} stalled at ${last.consumed} of ${posts} posts`);
      if (!first && consumed > 0) first = { at, consumed, cpu };
    }
    if (!first || last.at === first.at)
      throw new Error(`scorer ${label}: too few samples to time; use more --messages`);
    const seconds = (last.at - first.at) / 1000;
    const timed = last.consumed - first.consumed;
    const outputs = Object.fromEntries(
      ['posts.scored', 'stance.observations', 'shares'].map((topic) => [
        topic,
        roundTo(sampleValue(metrics, `riptide_scorer_outputs_total{topic="${topic}"}`) / posts, 2),
      ]),
    );
    const outputTotal = Object.values(outputs).reduce((sum, perPost) => sum + perPost, 0);
    const inferenceSeconds = familySum(metrics, 'riptide_scorer_inference_seconds_sum');
    const cpuSeconds = last.cpu - first.cpu;
    return {
      per_s: Math.round(timed / seconds),
      seconds: roundTo(seconds, 3),
      cpu_us_per_post: cpuSeconds > 0 ? roundTo((cpuSeconds * 1e6) / timed, 1) : null,
      outputs_per_post: outputs,
      output_messages_per_s: Math.round((timed * outputTotal) / seconds),
      inference_us_per_post: roundTo((inferenceSeconds * 1e6) / posts, 1),
    };
  } finally {
    await stop(child);
  }
}

function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let errors = '';
    let buffered = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-2000)));
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (!line.includes('scorer consuming posts.raw')) continue;
        resolve((JSON.parse(line) as { port: number }).port);
      }
    });
    child.once('exit', (code) =>
      reject(
        new Error(
          `the scorer process exited with ${code} before it was ready: ${errors.trim() || 'no stderr'}`,
        ),
      ),
    );
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}
