import { Controller, Inject, type OnModuleDestroy } from '@nestjs/common';
import { stanceObservationCodec, type StanceObservation } from '@riptide/contracts';
import { createLogger } from '@riptide/observability';
import {
  ConsumeBatches,
  QuietStreamTimer,
  readEventTimeHorizon,
  type InboundMessage,
  type OutboundMessage,
  type OutOfBatchSink,
  type PartitionHooks,
} from '@riptide/stream';
import { estimateMessages } from './emit/estimate-messages';
import { shiftMessage } from './emit/shift-messages';
import { OPINION_CONTEXT, type OpinionContext } from './opinion-context';
import { opinionMetrics } from './opinion-metrics';
import { ObservationCounts } from './observation-counts';
import { publishBucketMetrics } from './opinion-gauges';
import { observationFromContract } from './topic/observation-from-contract';
import { TopicOpinion, type ClosedBucket } from './topic/topic-opinion';

/** Nest injection token of the sink that publishes buckets closed while the stream is quiet. */
export const QUIET_SINK = Symbol('OpinionQuietSink');

/**
 * `stance.observations` in (keyed by topic, so each topic's observations meet on one partition and one
 * instance owns the topic), `opinion.estimates` and `opinion.shifts` out. On assignment a partition's
 * topics are rebuilt by replaying the horizon of observations before the resume offset without emitting
 * (the buckets that close during the replay were published before); on revocation they are dropped.
 */
@Controller()
export class OpinionController implements OnModuleDestroy {
  private readonly partitions = new Map<number, Map<string, TopicOpinion>>();
  private readonly log = createLogger('opinion');
  private readonly quiet: QuietStreamTimer;

  constructor(
    @Inject(OPINION_CONTEXT) private readonly context: OpinionContext,
    @Inject(QUIET_SINK) private readonly sink: OutOfBatchSink,
  ) {
    this.quiet = new QuietStreamTimer(
      context.config.quietCloseSeconds * 1000,
      () => this.publishQuietBuckets(),
      (error) =>
        this.log.error(
          { error: (error as Error).message },
          'buckets closed while quiet were not published; they are estimated again after a restart',
        ),
    );
  }

  @ConsumeBatches('stance.observations', stanceObservationCodec)
  async observe(messages: InboundMessage<StanceObservation>[]): Promise<OutboundMessage[]> {
    this.quiet.cancel();
    await this.quiet.settled();
    const topics = this.topicsOf(messages[0].partition);
    const touched = new Set<TopicOpinion>();
    const counts = new ObservationCounts(this.context.margins);
    for (const { value } of messages) {
      const topic = this.topicOf(topics, value.topic_id);
      if (topic.add(observationFromContract(value))) {
        counts.add(value);
        touched.add(topic);
      } else {
        opinionMetrics.lateObservations.inc({ topic: value.topic_id });
      }
    }
    counts.flush();
    const outputs = [...touched].flatMap((topic) => this.published(topic.closeDue()));
    this.quiet.restart();
    return outputs;
  }

  async onModuleDestroy(): Promise<void> {
    this.quiet.cancel();
    await this.quiet.settled();
    await this.sink.disconnect();
  }

  partitionHooks(): PartitionHooks {
    return {
      onPartitionAssigned: async ({ partition, resumeOffset, heartbeat }) => {
        const { config } = this.context;
        const topics = new Map<string, TopicOpinion>();
        const stored = await readEventTimeHorizon(
          config.kafka,
          {
            topic: 'stance.observations',
            partition,
            untilOffset: resumeOffset,
            horizonSeconds: (config.horizonBuckets * config.settings.bucketWidthMs) / 1000,
            maxLookbackSeconds: config.maxReplayLookbackSeconds,
          },
          stanceObservationCodec,
          (observation) => Date.parse(observation.created_at) / 1000,
          heartbeat,
        );
        let closed = 0;
        for (const observation of stored) {
          const topic = this.topicOf(topics, observation.topic_id);
          if (topic.add(observationFromContract(observation))) closed += topic.closeDue().length;
        }
        this.partitions.set(partition, topics);
        opinionMetrics.replayed.inc(stored.length);
        this.log.info(
          { partition, resumeOffset, replayed: stored.length, topics: topics.size, bucketsRebuilt: closed },
          'opinion state rebuilt',
        );
      },
      onPartitionRevoked: (partition) => {
        this.partitions.delete(partition);
      },
    };
  }

  private published(closed: readonly ClosedBucket[]): OutboundMessage[] {
    const { config } = this.context;
    const estimatedAt = new Date().toISOString();
    const outputs: OutboundMessage[] = [];
    for (const bucket of closed) {
      outputs.push(...estimateMessages(bucket.estimate, config.settings.confidence, estimatedAt));
      for (const shift of bucket.shifts) outputs.push(shiftMessage(shift));
      publishBucketMetrics(bucket);
      const unrecognised = Object.entries(bucket.unrecognised).filter(([, count]) => count > 0);
      if (unrecognised.length > 0)
        this.log.warn(
          { topic: bucket.estimate.topicId, unrecognised: Object.fromEntries(unrecognised) },
          'demographic values that the population file does not list were counted as unknown',
        );
    }
    return outputs;
  }

  private async publishQuietBuckets(): Promise<void> {
    const now = Date.now();
    const topics = [...this.partitions.values()].flatMap((held) => [...held.values()]);
    const outputs = topics.flatMap((topic) => this.published(topic.closeQuiet(now)));
    // The bucket holding the newest observation closes once the clock passes its end plus the lateness:
    // keep looking while the stream stays quiet (the next batch cancels this).
    if (topics.some((topic) => topic.openBuckets > 0)) this.quiet.restart();
    if (outputs.length === 0) return;
    await this.sink.send(outputs);
  }

  private topicsOf(partition: number): Map<string, TopicOpinion> {
    let topics = this.partitions.get(partition);
    if (topics === undefined) this.partitions.set(partition, (topics = new Map()));
    return topics;
  }

  private topicOf(topics: Map<string, TopicOpinion>, topicId: string): TopicOpinion {
    let topic = topics.get(topicId);
    if (topic === undefined) {
      const { config, margins } = this.context;
      topic = new TopicOpinion({
        topicId,
        margins,
        settings: config.settings,
        latenessMs: config.latenessSeconds * 1000,
        horizonBuckets: config.horizonBuckets,
        confusionFor: this.context.confusionFor(topicId),
      });
      topics.set(topicId, topic);
    }
    return topic;
  }
}
