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
import { startFaultPipeline, type FaultPipeline } from '../support/faults/fault-pipeline';
import { ReadinessLog, reportFault } from '../support/faults/pipeline-checks';

/** The fault pipeline's RIPTIDE_OPINION_BUCKET_WIDTH_MS. */
const BUCKET_MS = 5_000;
const TICK_MS = 200;
/** 100 observations/s over five topics: about 100 per topic and bucket. */
const OBSERVATIONS_PER_TICK = 20;
const MEASURES = ['stance', 'sentiment'] as const;

interface EventSpan {
  readonly firstMs: number;
  newestMs: number;
}

/**
 * Stance observations stamped with the wall clock, produced in order (each topic's observations stay in
 * order on its partition) until stopped; remembers the span of event time of each topic.
 */
class ObservationStream {
  readonly spanByTopic = new Map<string, EventSpan>();
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
          const span = this.spanByTopic.get(observation.topic_id);
          if (span) span.newestMs = now;
          else this.spanByTopic.set(observation.topic_id, { firstMs: now, newestMs: now });
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
 * The population's cells (both measures) of every bucket of a topic from its first observation to the
 * last one the stream passed (that ended by the topic's newest observation).
 */
function expectedPopulationCells(spanByTopic: ReadonlyMap<string, EventSpan>): string[] {
  const cells: string[] = [];
  for (const [topic, { firstMs, newestMs }] of spanByTopic)
    for (
      let start = Math.floor(firstMs / BUCKET_MS) * BUCKET_MS;
      start + BUCKET_MS <= newestMs;
      start += BUCKET_MS
    )
      for (const measure of MEASURES) cells.push(`${topic} ${measure} ${new Date(start).toISOString()} {}`);
  return cells;
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

  it('no closed bucket loses its estimate, a replay repeats the same counts, /ready tells the truth', async () => {
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
    const readyAgainAt = readiness.firstReadyAfter(opinion.spec.name, deadAt) ?? Date.now();
    const consumedBefore = await consumed();
    await sleep(8_000);
    const consumedAfter = await consumed();
    await stream.stop();

    // The stream's last buckets close once it has been quiet for OPINION_QUIET_CLOSE_S.
    const expected = expectedPopulationCells(stream.spanByTopic);
    let published = await estimates(pipeline);
    const missing = () => expected.filter((cell) => !published.some((estimate) => cellOf(estimate) === cell));
    const closeDeadline = Date.now() + 20_000;
    while (missing().length > 0 && Date.now() < closeDeadline) {
      await sleep(1_000);
      published = await estimates(pipeline);
    }
    await readiness.stop();

    expect(missing()).toEqual([]);
    // At-least-once: a bucket closed again after the restart is published again, with the same counts.
    const countsByCell = new Map<string, Set<number>>();
    for (const estimate of published)
      countsByCell.set(cellOf(estimate), (countsByCell.get(cellOf(estimate)) ?? new Set()).add(estimate.n));
    const differing = [...countsByCell].filter(([, counts]) => counts.size > 1).map(([cell]) => cell);
    expect(differing).toEqual([]);

    // Dead, then up but not yet in its group (the killed member holds the partitions until its session
    // times out): the restarted process said so, and why, before its first 200.
    expect(readiness.notReadyBody(opinion.spec.name, deadAt, readyAgainAt)).toMatch(/kafka-consumer/);
    // Ready meant working: the restarted process consumed the backlog and what followed.
    expect(consumedAfter).toBeGreaterThan(consumedBefore);
    expect((await opinion.ready()).status).toBe(200);

    reportFault({
      fault: `SIGKILL of opinion mid-stream, restarted at once, ${(OBSERVATIONS_PER_TICK * 1000) / TICK_MS} observations/s`,
      checked:
        'every bucket the stream passed has its population estimates on opinion.estimates (ids_lost: buckets without); ' +
        'a cell published again carries the same n; /ready never 200 while down',
      delivery: {
        lost: missing().length,
        duplicates: published.length - countsByCell.size,
        scored: countsByCell.size,
      },
      recoverSeconds: Math.round((readyAgainAt - deadAt) / 100) / 10,
    });
  }, 150_000);
});
