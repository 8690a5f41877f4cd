import {
  clusterSnapshotCodec,
  coordinationEdgeCodec,
  opinionEstimateCodec,
  opinionShiftCodec,
  postDeletionCodec,
  shareEventCodec,
  type Codec,
} from '@riptide/contracts';
import {
  applyClusters,
  applyEvidenceEdges,
  applyOpinionEstimates,
  applyOpinionShifts,
  applyPostDeletions,
  applyShares,
  type Applier,
} from '@riptide/store';

/** A topic the api materialises: its logical name, how its values decode, and what writes them. */
export interface MaterialisedTopic<T> {
  readonly topic: string;
  readonly codec: Codec<T>;
  readonly apply: Applier<T>;
}

function materialised<T>(topic: string, codec: Codec<T>, apply: Applier<T>): MaterialisedTopic<T> {
  return { topic, codec, apply };
}

export const MATERIALISED_TOPICS = {
  clusters: materialised('coordination.clusters', clusterSnapshotCodec, applyClusters),
  edges: materialised('coordination.edges', coordinationEdgeCodec, applyEvidenceEdges),
  shares: materialised('shares', shareEventCodec, applyShares),
  estimates: materialised('opinion.estimates', opinionEstimateCodec, applyOpinionEstimates),
  shifts: materialised('opinion.shifts', opinionShiftCodec, applyOpinionShifts),
  // Erases the evidence edges naming a deleted post (and withholds later ones): see applyPostDeletions.
  deletions: materialised('posts.deleted', postDeletionCodec, applyPostDeletions),
} as const;
