import { opinionEstimateCodec, stanceObservationCodec, type OpinionEstimate } from '@riptide/contracts';
import { createProducerSink, physicalTopic, type ProducerSink } from '@riptide/stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadObservationVocabulary,
  syntheticStanceObservation,
  type ObservationVocabulary,
} from '../../apps/cli/src/bench/synthetic-stance-observation';
import { sampleValue } from '../../apps/cli/src/bench/prometheus-text';
import {
  OPINION_SESSION_TIMEOUT_MS,
  startFaultPipeline,
  type FaultPipeline,
} from '../support/faults/fault-pipeline';
import { ReadinessLog, reportFault } from '../support/faults/pipeline-checks';

/** The fault pipeline's RIPTIDE_OPINION_BUCKET_WIDTH_MS. */
const BUCKET_MS = 5_000;
const TICK_MS = 200;
/** 100 observations/s over five topics: about 100 per topic and bucket. */
const OBSERVATIONS_PER_TICK = 20;
const MEASURES = ['stance', 'sentiment'] as const;

/**
 * Stance observations stamped with the wall clock, produced in order (each topic's observations stay in
 * order on its partition) until stopped; counts what it produced per topic and bucket.
 */
class ObservationStream {
  /** `topic bucket_start` -> observations produced: the `n` of the population's estimates. */
  readonly producedByBucket = new Map<string, number>();
  readonly newestByTopic = new Map<string, number>();
  private produced = 0;
  private running = false;
  private loop?: Promise<void>;

  constructor(
    private readonly sink: ProducerSink,
    private readonly vocabulary: ObservationVocabulary,
  ) {}

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const now = Date.now();
        const batch = Array.from({ length: OBSERVATIONS_PER_TICK }, () => {
          const observation = syntheticStanceObservation(this.produced++, now, this.vocabulary);
          const bucket = `${observation.topic_id} ${new Date(Math.floor(now / BUCKET_MS) * BUCKET_MS).toISOString()}`;
          this.producedByBucket.set(bucket, (this.producedByBucket.get(bucket) ?? 0) + 1);
          this.newestByTopic.set(observation.topic_id, now);
          return {
            topic: 'stance.observations',
            key: observation.topic_id,
            value: stanceObservationCodec.encode(observation),
          };
        });
        await this.sink.send(batch);
        await sleep(TICK_MS);
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

/** Estimates on opinion.estimates so far, each appearance (redeliveries included). */
async function estimates(pipeline: FaultPipeline): Promise<OpinionEstimate[]> {
  return (await pipeline.readToEnd('opinion.estimates'))
    .map((message) => message.value && opinionEstimateCodec.decode(message.value))
    .flatMap((decoded) => (decoded && decoded.ok ? [decoded.value] : []));
}

const cellOf = (estimate: OpinionEstimate) =>
  `${estimate.topic_id} ${estimate.measure} ${estimate.bucket_start} ${JSON.stringify(estimate.group)}`;

/**
 * The `n` each population estimate (both measures) must carry, by cell: every bucket of a topic the
 * stream passed (it ended by the topic's newest observation) holds exactly what was produced into it.
 */
function expectedPopulationCounts(stream: ObservationStream): Map<string, number> {
  const expected = new Map<string, number>();
  for (const [bucket, produced] of stream.producedByBucket) {
    const [topic, start] = bucket.split(' ');
    if (Date.parse(start) + BUCKET_MS > stream.newestByTopic.get(topic)!) continue;
    for (const measure of MEASURES) expected.set(`${topic} ${measure} ${start} {}`, produced);
  }
  return expected;
}

/**
 * The opinion service keeps per-topic bucket state in memory and rebuilds it by replay when it is
 * assigned its partitions. Here it dies without warning (SIGKILL: no batch finished, no offset committed,
 * no group left) while observations flow, and is started again at once.
 */
describe('fault: the opinion service killed with SIGKILL mid-stream and restarted', () => {
  let pipeline: FaultPipeline;
  let sink: ProducerSink;
  let stream: ObservationStream;
  const readiness = new ReadinessLog(() => pipeline.services);

  beforeAll(async () => {
    pipeline = await startFaultPipeline('opinion', ['opinion']);
    sink = createProducerSink(pipeline.connection);
    await sink.connect();
    stream = new ObservationStream(sink, await loadObservationVocabulary());
  }, 300_000);

  afterAll(async () => {
    await stream?.stop();
    await readiness.stop();
    await sink?.disconnect();
    await pipeline?.destroy();
  });

  it('every passed bucket is estimated with every observation counted once, /ready tells the truth', async () => {
    const opinion = pipeline.service('opinion');
    const consumed = async () =>
      sampleValue(
        await opinion.metrics(),
        `riptide_stream_consumed_messages_total{topic="${physicalTopic(pipeline.connection, 'stance.observations')}"}`,
      );
    stream.start();
    readiness.start();
    // Mid-stream: some buckets already estimated and published, the current one open.
    const deadline = Date.now() + 30_000;
    while ((await estimates(pipeline)).length === 0 && Date.now() < deadline) await sleep(1_000);
    await sleep(2_000);

    expect(await opinion.kill('SIGKILL')).toBeNull();
    const deadAt = Date.now();
    await opinion.start();
    const consumedBefore = await consumed();
    await sleep(8_000);
    const consumedAfter = await consumed();
    // Read after the wait: the log's own probe of the first 200 may still have been in flight at start().
    const readyAgainAt = readiness.firstReadyAfter(opinion.spec.name, deadAt)!;
    await stream.stop();

    // The stream's last buckets close once it has been quiet for OPINION_QUIET_CLOSE_S.
    const expected = expectedPopulationCounts(stream);
    let published = await estimates(pipeline);
    const countsByCell = () => {
      const counts = new Map<string, Set<number>>();
      for (const estimate of published)
        counts.set(cellOf(estimate), (counts.get(cellOf(estimate)) ?? new Set()).add(estimate.n));
      return counts;
    };
    const missing = () => [...expected.keys()].filter((cell) => !countsByCell().has(cell));
    const closeDeadline = Date.now() + 20_000;
    while (missing().length > 0 && Date.now() < closeDeadline) {
      await sleep(1_000);
      published = await estimates(pipeline);
    }
    await readiness.stop();

    expect(missing()).toEqual([]);
    // Every observation counted once in its bucket, the one straddling the kill included (its first part
    // rebuilt by the replay); a cell published again (at-least-once) carries the same n each time.
    const counts = countsByCell();
    const miscounted = [...expected]
      .filter(([cell, n]) => [...counts.get(cell)!].some((published) => published !== n))
      .map(([cell, n]) => `${cell}: produced ${n}, published ${[...counts.get(cell)!].join(', ')}`);
    expect(miscounted).toEqual([]);
    const differing = [...counts].filter(([, values]) => values.size > 1).map(([cell]) => cell);
    expect(differing).toEqual([]);

    // Dead (no answer), then up but not yet in its group: 503, naming the consumer. The killed member
    // held the partitions until its session timed out, so a 200 within half of it would have been a lie
    // (on a busy machine the restarted process may start too late to answer before it joins).
    const outage = readiness.statuses(opinion.spec.name, deadAt, readyAgainAt - 1);
    expect(outage.filter((status) => status !== 0 && status !== 503)).toEqual([]);
    const notReady = readiness.notReadyBody(opinion.spec.name, deadAt, readyAgainAt);
    if (notReady !== undefined) expect(notReady).toMatch(/kafka-consumer/);
    expect(readyAgainAt - deadAt).toBeGreaterThan(OPINION_SESSION_TIMEOUT_MS / 2);
    // Ready meant working: the restarted process consumed the backlog and what followed.
    expect(consumedAfter).toBeGreaterThan(consumedBefore);
    expect((await opinion.ready()).status).toBe(200);

    reportFault({
      fault: `SIGKILL of opinion mid-stream, restarted at once, ${(OBSERVATIONS_PER_TICK * 1000) / TICK_MS} observations/s`,
      checked:
        'every bucket the stream passed has population estimates whose n is what was produced into it (ids_lost: buckets without); ' +
        'a cell published again carries the same n; /ready never 200 while down',
      delivery: {
        lost: missing().length,
        duplicates: published.length - counts.size,
        scored: counts.size,
      },
      recoverSeconds: Math.round((readyAgainAt - deadAt) / 100) / 10,
    });
  }, 150_000);
});
