import { Controller, Inject } from '@nestjs/common';
import { coordinationEdgeCodec, shareEventCodec, type ShareEvent } from '@riptide/contracts';
import { createLogger } from '@riptide/observability';
import {
  ConsumeBatches,
  readEventTimeHorizon,
  type InboundMessage,
  type OutboundMessage,
  type PartitionHooks,
} from '@riptide/stream';
import type { CoordinationConfig } from '../coordination-config';
import { COORDINATION_CONFIG } from '../coordination-config.token';
import { coordinationMetrics } from '../coordination-metrics';
import { PartitionDetector } from './partition-detector';

/** All edges go to the one partition of coordination.edges: a constant key says so. */
export const EDGE_KEY = 'coordination';
/** Late drops are logged at most this often (they are counted on every batch). */
const LATE_WARNING_INTERVAL_MS = 60_000;

/**
 * The detect role: `shares` in (keyed by object, so every share of an object meets on one partition),
 * one detector per partition held, `coordination.edges` out. On assignment a partition's window is
 * rebuilt from the topic (longest window + lateness of event time before the resume offset) without
 * emitting; on revocation its state is dropped.
 */
@Controller()
export class DetectController {
  private readonly detectors = new Map<number, PartitionDetector>();
  private readonly log = createLogger('coordination:detect');
  private lastLateWarningAt = Number.NEGATIVE_INFINITY;

  constructor(@Inject(COORDINATION_CONFIG) private readonly config: CoordinationConfig) {}

  @ConsumeBatches('shares', shareEventCodec)
  detect(messages: InboundMessage<ShareEvent>[]): OutboundMessage[] {
    const detector = this.detectorOf(messages[0].partition);
    const now = Date.now();
    const detectedAt = new Date(now).toISOString();
    const outputs: OutboundMessage[] = [];
    for (const message of messages) {
      const edges = detector.detect(message.value, detectedAt);
      if (edges.length === 0) continue;
      coordinationMetrics.detectionLatency.observe(
        Math.max(0, now / 1000 - PartitionDetector.timeOf(message.value)),
      );
      for (const edge of edges) {
        coordinationMetrics.edges.inc({ signal: edge.signal });
        outputs.push({
          topic: 'coordination.edges',
          key: EDGE_KEY,
          value: coordinationEdgeCodec.encode(edge),
        });
      }
    }
    const dropped = detector.droppedSinceLastCall();
    coordinationMetrics.lateShares.inc(dropped.lateDropped);
    if (dropped.lateDropped > 0 && now - this.lastLateWarningAt >= LATE_WARNING_INTERVAL_MS) {
      this.lastLateWarningAt = now;
      // Silent drops cost recall: a backlog or replay consumed across partitions is out of event-time order by up to its whole span.
      this.log.warn(
        {
          partition: messages[0].partition,
          dropped: dropped.lateDropped,
          latenessSeconds: this.config.detect.allowedLatenessSeconds,
        },
        'shares older than the watermark minus COORDINATION_LATENESS_S were dropped; a backlog or replay needs a lateness that covers its event-time span',
      );
    }
    coordinationMetrics.overflowShares.inc(dropped.overflowDropped);
    coordinationMetrics.duplicateShares.inc(dropped.duplicateDropped);
    this.updateGauges();
    return outputs;
  }

  partitionHooks(): PartitionHooks {
    return {
      onPartitionAssigned: async ({ partition, resumeOffset, heartbeat }) => {
        const detector = new PartitionDetector(this.config.detect);
        const { kafka, maxReplayLookbackSeconds } = this.config;
        const stored = await readEventTimeHorizon(
          kafka,
          {
            topic: 'shares',
            partition,
            untilOffset: resumeOffset,
            horizonSeconds: detector.memorySeconds,
            maxLookbackSeconds: maxReplayLookbackSeconds,
          },
          shareEventCodec,
          PartitionDetector.timeOf,
          heartbeat,
        );
        for (const share of stored) detector.replay(share);
        detector.droppedSinceLastCall(); // drops during the replay were counted the first time
        this.detectors.set(partition, detector);
        coordinationMetrics.replayed.inc({ role: 'detect' }, stored.length);
        this.log.info({ partition, resumeOffset, replayed: stored.length }, 'detect window rebuilt');
      },
      onPartitionRevoked: (partition) => {
        this.detectors.delete(partition);
        this.updateGauges();
      },
    };
  }

  private detectorOf(partition: number): PartitionDetector {
    let detector = this.detectors.get(partition);
    if (detector === undefined)
      this.detectors.set(partition, (detector = new PartitionDetector(this.config.detect)));
    return detector;
  }

  private updateGauges(): void {
    let activeObjects = 0;
    let bufferedShares = 0;
    for (const detector of this.detectors.values()) {
      const stats = detector.stats();
      activeObjects += stats.activeObjects;
      bufferedShares += stats.bufferedShares;
    }
    coordinationMetrics.activeObjects.set(activeObjects);
    coordinationMetrics.bufferedShares.set(bufferedShares);
  }
}
