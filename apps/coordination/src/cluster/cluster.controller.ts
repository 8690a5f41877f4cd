import { Controller, Inject } from '@nestjs/common';
import { clusterSnapshotCodec, coordinationEdgeCodec, type CoordinationEdge } from '@riptide/contracts';
import { createLogger } from '@riptide/observability';
import { ConsumeBatches, readLatestByKey, type InboundMessage, type OutboundMessage, type PartitionHooks } from '@riptide/stream';
import type { CoordinationConfig } from '../coordination-config';
import { COORDINATION_CONFIG } from '../coordination-config.token';
import { coordinationMetrics } from '../coordination-metrics';
import { readEventTimeHorizon } from '../replay/read-event-time-horizon';
import { ClusterBuilder } from './cluster-builder';

/**
 * The cluster role: `coordination.edges` in (one partition: one active builder, standbys in the same
 * group take over), snapshots out to the compacted `coordination.clusters`, keyed by cluster id. On
 * assignment it continues from the published snapshots (ids, generations) and rebuilds the graph by
 * replaying the edges of the decay horizon before the resume offset, without emitting.
 */
@Controller()
export class ClusterController {
  private builder?: ClusterBuilder;
  private readonly log = createLogger('coordination:cluster');

  constructor(@Inject(COORDINATION_CONFIG) private readonly config: CoordinationConfig) {}

  @ConsumeBatches('coordination.edges', coordinationEdgeCodec)
  fold(messages: InboundMessage<CoordinationEdge>[]): OutboundMessage[] {
    const builder = (this.builder ??= new ClusterBuilder(this.config.cluster));
    for (const message of messages) builder.add(message.value);
    const outputs: OutboundMessage[] = [];
    if (builder.snapshotDue()) {
      for (const snapshot of builder.snapshot()) outputs.push({ topic: 'coordination.clusters', key: snapshot.cluster_id, value: clusterSnapshotCodec.encode(snapshot) });
      coordinationMetrics.snapshots.inc();
    }
    this.updateGauges();
    return outputs;
  }

  partitionHooks(): PartitionHooks {
    return {
      onPartitionAssigned: async ({ partition, resumeOffset, heartbeat }) => {
        const builder = new ClusterBuilder(this.config.cluster);
        const published = await readLatestByKey(this.config.kafka, 'coordination.clusters', clusterSnapshotCodec, heartbeat);
        builder.resume([...published.latest.values()]);
        const decoded = new Map<string, CoordinationEdge>();
        const stored = await readEventTimeHorizon(
          this.config.kafka,
          { topic: 'coordination.edges', partition, untilOffset: resumeOffset, horizonSeconds: builder.horizonSeconds, maxLookbackSeconds: this.config.maxReplayLookbackSeconds },
          (message) => {
            const edge = message.value && coordinationEdgeCodec.decode(message.value);
            if (!edge || !edge.ok) return undefined; // it went to the dead-letter topic the first time
            decoded.set(message.offset, edge.value);
            return ClusterBuilder.timeOf(edge.value);
          },
          heartbeat,
        );
        for (const message of stored) {
          const edge = decoded.get(message.offset);
          if (edge) builder.add(edge);
        }
        this.builder = builder;
        coordinationMetrics.replayed.inc({ role: 'cluster' }, stored.length);
        this.updateGauges();
        this.log.info({ partition, resumeOffset, replayed: stored.length, published: published.latest.size, unreadable: published.invalid }, 'cluster graph rebuilt');
      },
      onPartitionRevoked: () => {
        this.builder = undefined;
        this.updateGauges();
      },
    };
  }

  private updateGauges(): void {
    const stats = this.builder?.stats() ?? { nodes: 0, edges: 0, clusters: 0 };
    coordinationMetrics.graphNodes.set(stats.nodes);
    coordinationMetrics.graphEdges.set(stats.edges);
    coordinationMetrics.clusters.set(stats.clusters);
  }
}
