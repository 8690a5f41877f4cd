import { Controller, Inject, type OnModuleDestroy } from '@nestjs/common';
import { clusterSnapshotCodec, coordinationEdgeCodec, type CoordinationEdge } from '@riptide/contracts';
import { createLogger } from '@riptide/observability';
import {
  ConsumeBatches,
  QuietStreamTimer,
  readEventTimeHorizon,
  readLatestByKey,
  type InboundMessage,
  type OutboundMessage,
  type OutOfBatchSink,
  type PartitionHooks,
} from '@riptide/stream';
import type { CoordinationConfig } from '../coordination-config';
import { COORDINATION_CONFIG } from '../coordination-config.token';
import { coordinationMetrics } from '../coordination-metrics';
import { ClusterBuilder } from './cluster-builder';
import { SNAPSHOT_SINK } from './snapshot-sink';

/**
 * The cluster role: `coordination.edges` in (one partition: one active builder, standbys in the same
 * group take over), snapshots out to the compacted `coordination.clusters`, keyed by cluster id. On
 * assignment it continues from the published snapshots (ids, generations) and rebuilds the graph by
 * replaying the edges of the decay horizon before the resume offset, without emitting. When the edges
 * stop with some folded in since the last snapshot, a quiet snapshot publishes them through its own sink.
 */
@Controller()
export class ClusterController implements OnModuleDestroy {
  private builder?: ClusterBuilder;
  private readonly log = createLogger('coordination:cluster');
  private readonly quiet: QuietStreamTimer;

  constructor(
    @Inject(COORDINATION_CONFIG) private readonly config: CoordinationConfig,
    @Inject(SNAPSHOT_SINK) private readonly sink: OutOfBatchSink,
  ) {
    this.quiet = new QuietStreamTimer(
      config.cluster.snapshotQuietSeconds * 1000,
      () => this.publishQuietSnapshot(),
      (error) =>
        this.log.error(
          { error: (error as Error).message },
          'quiet snapshot not published; the next snapshot republishes every active cluster',
        ),
    );
  }

  @ConsumeBatches('coordination.edges', coordinationEdgeCodec)
  async fold(messages: InboundMessage<CoordinationEdge>[]): Promise<OutboundMessage[]> {
    this.quiet.cancel();
    await this.quiet.settled();
    const builder = (this.builder ??= new ClusterBuilder(this.config.cluster));
    let duplicates = 0;
    for (const message of messages) if (!builder.add(message.value)) duplicates++;
    coordinationMetrics.duplicateEdges.inc(duplicates);
    const outputs = builder.snapshotDue() ? this.snapshotMessages(builder, 'batch') : [];
    if (builder.hasUnpublishedEdges) this.quiet.restart();
    this.updateGauges();
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
        const builder = new ClusterBuilder(this.config.cluster);
        const published = await readLatestByKey(
          this.config.kafka,
          'coordination.clusters',
          clusterSnapshotCodec,
          heartbeat,
        );
        builder.resume([...published.latest.values()]);
        const stored = await readEventTimeHorizon(
          this.config.kafka,
          {
            topic: 'coordination.edges',
            partition,
            untilOffset: resumeOffset,
            horizonSeconds: builder.horizonSeconds,
            maxLookbackSeconds: this.config.maxReplayLookbackSeconds,
          },
          coordinationEdgeCodec,
          ClusterBuilder.timeOf,
          heartbeat,
        );
        // Duplicates among the replayed edges were counted by the instance that consumed them live.
        for (const edge of stored) builder.add(edge);
        this.builder = builder;
        coordinationMetrics.replayed.inc({ role: 'cluster' }, stored.length);
        this.updateGauges();
        this.log.info(
          {
            partition,
            resumeOffset,
            replayed: stored.length,
            published: published.latest.size,
            unreadable: published.invalid,
          },
          'cluster graph rebuilt',
        );
      },
      onPartitionRevoked: () => {
        this.quiet.cancel();
        this.builder = undefined;
        this.updateGauges();
      },
    };
  }

  private async publishQuietSnapshot(): Promise<void> {
    const builder = this.builder;
    if (!builder?.hasUnpublishedEdges) return;
    const outputs = this.snapshotMessages(builder, 'quiet');
    this.updateGauges();
    if (outputs.length === 0) return;
    await this.sink.send(outputs);
  }

  private snapshotMessages(builder: ClusterBuilder, trigger: 'batch' | 'quiet'): OutboundMessage[] {
    coordinationMetrics.snapshots.inc({ trigger });
    return builder.snapshot().map((snapshot) => ({
      topic: 'coordination.clusters',
      key: snapshot.cluster_id,
      value: clusterSnapshotCodec.encode(snapshot),
    }));
  }

  private updateGauges(): void {
    const stats = this.builder?.stats() ?? { nodes: 0, edges: 0, clusters: 0, rememberedCoShares: 0 };
    coordinationMetrics.graphNodes.set(stats.nodes);
    coordinationMetrics.graphEdges.set(stats.edges);
    coordinationMetrics.clusters.set(stats.clusters);
    coordinationMetrics.rememberedCoShares.set(stats.rememberedCoShares);
  }
}
