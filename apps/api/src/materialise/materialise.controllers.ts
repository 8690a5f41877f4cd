import { Controller, Inject } from '@nestjs/common';
import type {
  ClusterSnapshot,
  CoordinationEdge,
  OpinionEstimate,
  OpinionShift,
  PostDeletion,
  ShareEvent,
} from '@riptide/contracts';
import { ConsumeBatches, type InboundMessage, type OutboundMessage } from '@riptide/stream';
import { materialiseBatch } from './materialise-batch';
import { MATERIALISE_STORE, type MaterialiseTarget } from './materialise-store.token';
import { MATERIALISED_TOPICS as TOPICS, type MaterialisedTopic } from './materialised-topics';

/**
 * One controller per topic, so each is its own subscription with its own batches; all of them only
 * write into the store (no outputs). Invalid values never get here: libs/stream dead-letters them.
 */
abstract class MaterialiseController<T> {
  constructor(
    private readonly target: MaterialiseTarget,
    private readonly spec: MaterialisedTopic<T>,
  ) {}

  protected async materialise(messages: InboundMessage<T>[]): Promise<OutboundMessage[]> {
    const { topic, partition } = messages[0];
    const outcome = await materialiseBatch(this.target.store, this.spec, topic, partition, messages);
    if (outcome.applied > 0) this.target.changed();
    return [];
  }
}

@Controller()
export class ClustersMaterialiser extends MaterialiseController<ClusterSnapshot> {
  constructor(@Inject(MATERIALISE_STORE) target: MaterialiseTarget) {
    super(target, TOPICS.clusters);
  }

  @ConsumeBatches(TOPICS.clusters.topic, TOPICS.clusters.codec)
  consume(messages: InboundMessage<ClusterSnapshot>[]): Promise<OutboundMessage[]> {
    return this.materialise(messages);
  }
}

@Controller()
export class EvidenceEdgesMaterialiser extends MaterialiseController<CoordinationEdge> {
  constructor(@Inject(MATERIALISE_STORE) target: MaterialiseTarget) {
    super(target, TOPICS.edges);
  }

  @ConsumeBatches(TOPICS.edges.topic, TOPICS.edges.codec)
  consume(messages: InboundMessage<CoordinationEdge>[]): Promise<OutboundMessage[]> {
    return this.materialise(messages);
  }
}

@Controller()
export class SharesMaterialiser extends MaterialiseController<ShareEvent> {
  constructor(@Inject(MATERIALISE_STORE) target: MaterialiseTarget) {
    super(target, TOPICS.shares);
  }

  @ConsumeBatches(TOPICS.shares.topic, TOPICS.shares.codec)
  consume(messages: InboundMessage<ShareEvent>[]): Promise<OutboundMessage[]> {
    return this.materialise(messages);
  }
}

@Controller()
export class OpinionEstimatesMaterialiser extends MaterialiseController<OpinionEstimate> {
  constructor(@Inject(MATERIALISE_STORE) target: MaterialiseTarget) {
    super(target, TOPICS.estimates);
  }

  @ConsumeBatches(TOPICS.estimates.topic, TOPICS.estimates.codec)
  consume(messages: InboundMessage<OpinionEstimate>[]): Promise<OutboundMessage[]> {
    return this.materialise(messages);
  }
}

@Controller()
export class OpinionShiftsMaterialiser extends MaterialiseController<OpinionShift> {
  constructor(@Inject(MATERIALISE_STORE) target: MaterialiseTarget) {
    super(target, TOPICS.shifts);
  }

  @ConsumeBatches(TOPICS.shifts.topic, TOPICS.shifts.codec)
  consume(messages: InboundMessage<OpinionShift>[]): Promise<OutboundMessage[]> {
    return this.materialise(messages);
  }
}

@Controller()
export class PostDeletionsMaterialiser extends MaterialiseController<PostDeletion> {
  constructor(@Inject(MATERIALISE_STORE) target: MaterialiseTarget) {
    super(target, TOPICS.deletions);
  }

  @ConsumeBatches(TOPICS.deletions.topic, TOPICS.deletions.codec)
  consume(messages: InboundMessage<PostDeletion>[]): Promise<OutboundMessage[]> {
    return this.materialise(messages);
  }
}
