import type { KafkaConnection } from '@riptide/stream';
import type { BenchContext, BenchStage, BenchStageResult } from '../bench-stage';
import { familySum, sampleValue } from '../prometheus-text';
import { roundTo } from '../round-to';
import { startServiceUnderBench, type ServiceUnderBench } from '../service-under-bench';

const INPUT = 'stance.observations';
const ESTIMATES = 'opinion.estimates';
/** Event time the observations span: with the default hourly buckets, 24 buckets close per topic. */
const EVENT_SPAN_MS = 24 * 60 * 60 * 1000;
const EVENT_START_MS = Date.UTC(2026, 10, 2);
const FILL_CHUNK = 5_000;

export const opinionBrokerStage: BenchStage = {
  name: 'opinion_broker',
  description:
    'the opinion service as its own process: --messages StanceObservations (the 5 topics of config/topics.json, authors with the ' +
    'dimensions of config/population.json, some unknown) over a day of event time in time order, keyed by topic, through decode, ' +
    'tallies, estimates of every closed hourly bucket and shift detection; per_s = observations/s',
  needsBroker: true,
  run: measureOpinionService,
};

/**
 * Fills a private `stance.observations` topic (the catalog's partitions), starts `apps/opinion` as a
 * child process (as deployed) and follows its /metrics until every observation was consumed. Hourly
 * buckets close as the stream's event time passes them, so estimating and detecting happen inside the
 * timed window, as they do in service; only the last buckets, still open (lateness), are not counted.
 */
async function measureOpinionService(context: BenchContext): Promise<BenchStageResult> {
  const { createBenchTopics, deleteBenchTopics, kafkaConnectionFromEnv, physicalTopic, topicCatalog } =
    await import('@riptide/stream');
  const connection = {
    ...kafkaConnectionFromEnv('riptide-bench'),
    brokers: context.brokers,
    topicPrefix: `bench.${context.runId}.opinion.`,
  };
  const topics = [INPUT, ESTIMATES, 'opinion.shifts'];
  const partitions = topicCatalog.find((topic) => topic.name === INPUT)!.partitions;
  await createBenchTopics(connection, topics, partitions);
  let service: ServiceUnderBench | undefined;
  try {
    context.progress(`opinion_broker: filling ${context.messages} stance observations`);
    const topicCount = await fillObservations(connection, context.messages);
    service = await startServiceUnderBench({
      name: 'the opinion service',
      kafka: connection,
      entry: 'apps/opinion/src/main.ts',
      env: {
        OPINION_HTTP_PORT: '0',
        OPINION_GROUP_ID: `bench-opinion-${context.runId}`,
      },
      running: /"msg":"opinion running"/,
    });
    const consumed = `riptide_stream_consumed_messages_total{topic="${physicalTopic(connection, INPUT)}"}`;
    const run = await service.followUntil(consumed, context.messages);
    const bucketsClosed = familySum(run.metrics, 'riptide_opinion_buckets_closed_total');
    const estimates = sampleValue(
      run.metrics,
      `riptide_stream_produced_messages_total{topic="${physicalTopic(connection, ESTIMATES)}"}`,
    );
    return {
      per_s: Math.round(run.measured / run.seconds),
      observations: context.messages,
      measured_observations: run.measured,
      seconds: roundTo(run.seconds, 3),
      cpu_us_per_observation: roundTo((run.cpuSeconds * 1e6) / run.measured, 1),
      topics: topicCount,
      buckets_closed: bucketsClosed,
      estimates,
      estimates_per_bucket: bucketsClosed > 0 ? roundTo(estimates / bucketsClosed, 1) : 0,
      shifts: familySum(run.metrics, 'riptide_opinion_shifts_total'),
      peak_rss_mb: Math.round(run.peakRssBytes / 1024 / 1024),
      partitions,
    };
  } finally {
    await service?.stop();
    await deleteBenchTopics(connection, topics).catch(() => undefined);
  }
}

/**
 * Produces `count` observations keyed by topic (as the scorer does, so each topic meets on one
 * partition), their times spread evenly over the day in order; returns how many topics they cover.
 */
async function fillObservations(connection: KafkaConnection, count: number): Promise<number> {
  const { createProducerSink } = await import('@riptide/stream');
  const { stanceObservationCodec } = await import('@riptide/contracts');
  const { loadObservationVocabulary, syntheticStanceObservation } =
    await import('../synthetic-stance-observation');
  const vocabulary = await loadObservationVocabulary();
  const sink = createProducerSink(connection);
  await sink.connect();
  try {
    for (let start = 0; start < count; start += FILL_CHUNK) {
      const chunk = [];
      for (let index = start; index < Math.min(count, start + FILL_CHUNK); index++) {
        const createdAtMs = EVENT_START_MS + Math.floor((index * EVENT_SPAN_MS) / count);
        const observation = syntheticStanceObservation(index, createdAtMs, vocabulary);
        chunk.push({
          topic: INPUT,
          key: observation.topic_id,
          value: stanceObservationCodec.encode(observation),
        });
      }
      await sink.send(chunk);
    }
  } finally {
    await sink.disconnect();
  }
  return vocabulary.topicIds.length;
}
