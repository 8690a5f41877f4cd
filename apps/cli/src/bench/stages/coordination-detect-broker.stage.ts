import { defaultDataDir } from '../../data-dir';
import { familySum, sampleValue } from '../prometheus-text';
import type { BenchContext, BenchStage, BenchStageResult } from '../bench-stage';

const POLL_MS = 100;
const TIMEOUT_MS = 10 * 60_000;
/** prom-client's default process metric, under its standard name. */
const RSS_METRIC = 'process_resident_memory_bytes';
const RUSSIAN_CSV = 'coordination/coortweet/russian_coord_tweets.csv';

export const coordinationDetectBrokerStage: BenchStage = {
  name: 'coordination_detect_broker',
  description:
    'the coordination detect role as its own process: --messages ShareEvents (the russian CooRTweet retweets, repeated with shifted times) ' +
    'from a 1-partition shares topic through decode, co-share detection and edge production; per_s = shares/s',
  needsBroker: true,
  run: measureDetectRole,
};

/**
 * Fills a private `shares` topic, starts `apps/coordination` with COORDINATION_ROLE=detect as a child
 * process (as deployed), and follows its /metrics: shares/s is taken from the first consumed chunk to
 * the last, so process start, compilation and the group join are not counted (as in the baseline,
 * which starts its clock at its first batch). One partition: every share of an object must meet on
 * one partition, and the bench fills by message index.
 */
async function measureDetectRole(context: BenchContext): Promise<BenchStageResult> {
  const { createBenchTopics, deleteBenchTopics, fillTopic, kafkaConnectionFromEnv, physicalTopic } =
    await import('@riptide/stream');
  const connection = {
    ...kafkaConnectionFromEnv('riptide-bench'),
    brokers: context.brokers,
    topicPrefix: `bench.${context.runId}.detect.`,
  };
  const topics = ['shares', 'coordination.edges'];
  const encode = await realisticShares();
  await createBenchTopics(connection, topics, 1);
  let child: DetectProcess | undefined;
  try {
    context.progress(`coordination_detect_broker: filling ${context.messages} shares`);
    await fillTopic(connection, 'shares', context.messages, encode);
    child = await startDetectProcess(connection.brokers, connection.topicPrefix);
    const consumedMetric = `riptide_stream_consumed_messages_total{topic="${physicalTopic(connection, 'shares')}"}`;
    const run = await followUntilConsumed(child.metricsUrl, consumedMetric, context.messages);
    return {
      per_s: Math.round(run.measured / run.seconds),
      shares: context.messages,
      measured_shares: run.measured,
      seconds: Number(run.seconds.toFixed(3)),
      edges: run.edges,
      edges_per_share: Number((run.edges / context.messages).toFixed(3)),
      peak_rss_mb: Math.round(run.peakRssBytes / 1024 / 1024),
      partitions: 1,
    };
  } finally {
    await child?.stop();
    await deleteBenchTopics(connection, topics).catch(() => undefined);
  }
}

/** ShareEvent bytes by index: the russian sample in time order, repeated with times shifted past its span. */
async function realisticShares(): Promise<(index: number) => Buffer> {
  const { readFileSync, existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { CSV_SHARE_LAYOUTS, readSharesFromCsv } = await import('@riptide/coordination');
  const { shareEventCodec, SHARE_EVENT_SCHEMA } = await import('@riptide/contracts');
  const file = join(defaultDataDir(), RUSSIAN_CSV);
  if (!existsSync(file))
    throw new Error(`${file} not found: set RIPTIDE_DATA_DIR to the folder holding ${RUSSIAN_CSV}`);
  const { table } = readSharesFromCsv(readFileSync(file), CSV_SHARE_LAYOUTS.coortweet);
  const order = Array.from({ length: table.length }, (_, row) => row).sort(
    (a, b) => table.time[a] - table.time[b],
  );
  const span = table.time[order[order.length - 1]] - table.time[order[0]] + 3600;
  return (index) => {
    const row = order[index % order.length];
    const round = Math.floor(index / order.length);
    return shareEventCodec.encode({
      schema: SHARE_EVENT_SCHEMA,
      object_id: `post:${table.objects[table.object[row]]}`,
      object_kind: 'post',
      account_id: table.accounts[table.account[row]],
      post_id: `rt-${index}`,
      shared_at: new Date((table.time[row] + round * span) * 1000).toISOString(),
    });
  };
}

interface DetectProcess {
  readonly metricsUrl: string;
  stop(): Promise<void>;
}

/** Runs apps/coordination/src/main.ts (detect role) with this Node; resolves once it listens. */
async function startDetectProcess(brokers: string[], topicPrefix: string): Promise<DetectProcess> {
  const { spawn } = await import('node:child_process');
  const { resolve } = await import('node:path');
  const repoRoot = resolve(__dirname, '../../../../..');
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', resolve(repoRoot, 'apps/coordination/src/main.ts')],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        COORDINATION_ROLE: 'detect',
        COORDINATION_HTTP_PORT: '0',
        KAFKA_BROKERS: brokers.join(','),
        RIPTIDE_TOPIC_PREFIX: topicPrefix,
        // The start line below is an info log: read it whatever level the bench itself runs at.
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const httpPort = await new Promise<number>((done, fail) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`the detect process did not start within 60 s:\n${output.slice(-2000)}`)),
      60_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const running = /"msg":"coordination running"/.test(output) && /"httpPort":(\d+)/.exec(output);
      if (running) {
        clearTimeout(timer);
        done(Number(running[1]));
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) =>
      fail(new Error(`the detect process exited with ${code}:\n${output.slice(-2000)}`)),
    );
  });
  return {
    metricsUrl: `http://127.0.0.1:${httpPort}/metrics`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Polls /metrics until `count` messages were consumed; the clock runs from the first consumed chunk. */
async function followUntilConsumed(metricsUrl: string, consumedMetric: string, count: number) {
  const { setTimeout: sleep } = await import('node:timers/promises');
  const deadline = Date.now() + TIMEOUT_MS;
  let first: { at: number; consumed: number } | undefined;
  let peakRssBytes = 0;
  for (;;) {
    const text = await (await fetch(metricsUrl)).text();
    const at = performance.now();
    const consumed = sampleValue(text, consumedMetric);
    peakRssBytes = Math.max(peakRssBytes, sampleValue(text, RSS_METRIC));
    if (consumed > 0 && !first) first = { at, consumed };
    if (consumed >= count && first) {
      const edges = familySum(text, 'riptide_coordination_edges_total');
      return { measured: consumed - first.consumed, seconds: (at - first.at) / 1000, edges, peakRssBytes };
    }
    if (Date.now() > deadline)
      throw new Error(
        `the detect role consumed ${consumed} of ${count} shares within ${TIMEOUT_MS / 1000} s`,
      );
    await sleep(POLL_MS);
  }
}
