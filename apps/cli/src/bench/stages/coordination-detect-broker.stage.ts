import { defaultDataDir } from '../../data-dir';
import type { BenchContext, BenchStage, BenchStageResult } from '../bench-stage';
import { familySum } from '../prometheus-text';
import { startServiceUnderBench, type ServiceUnderBench } from '../service-under-bench';

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
 * the last. One partition: every share of an object must meet on one partition, and the bench fills
 * by message index.
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
  let service: ServiceUnderBench | undefined;
  try {
    context.progress(`coordination_detect_broker: filling ${context.messages} shares`);
    await fillTopic(connection, 'shares', context.messages, encode);
    service = await startServiceUnderBench({
      name: 'the detect role',
      kafka: connection,
      entry: 'apps/coordination/src/main.ts',
      env: {
        COORDINATION_ROLE: 'detect',
        COORDINATION_HTTP_PORT: '0',
      },
      running: /"msg":"coordination running"/,
    });
    const consumedMetric = `riptide_stream_consumed_messages_total{topic="${physicalTopic(connection, 'shares')}"}`;
    const run = await service.followUntil(consumedMetric, context.messages);
    const edges = familySum(run.metrics, 'riptide_coordination_edges_total');
    return {
      per_s: Math.round(run.measured / run.seconds),
      shares: context.messages,
      measured_shares: run.measured,
      seconds: Number(run.seconds.toFixed(3)),
      edges,
      edges_per_share: Number((edges / context.messages).toFixed(3)),
      peak_rss_mb: Math.round(run.peakRssBytes / 1024 / 1024),
      partitions: 1,
    };
  } finally {
    await service?.stop();
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
