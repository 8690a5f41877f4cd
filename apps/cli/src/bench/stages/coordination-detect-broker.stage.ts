import type { BenchContext, BenchStage, BenchStageResult } from '../bench-stage';
import { familySum } from '../prometheus-text';
import { russianShareStream } from '../russian-shares';
import { startServiceUnderBench, type ServiceUnderBench } from '../service-under-bench';

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
  const { shareEventCodec } = await import('@riptide/contracts');
  const shares = await russianShareStream();
  const encode = (index: number) => shareEventCodec.encode(shares(index));
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
