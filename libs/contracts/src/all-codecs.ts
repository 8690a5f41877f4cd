import type { Codec } from './codec';
import { authorProfileCodec } from './schemas/author-profile';
import { clusterSnapshotCodec } from './schemas/cluster-snapshot';
import { connectorCursorCodec } from './schemas/connector-cursor';
import { coordinationEdgeCodec } from './schemas/coordination-edge';
import { deadLetterCodec } from './schemas/dead-letter';
import { opinionEstimateCodec } from './schemas/opinion-estimate';
import { opinionShiftCodec } from './schemas/opinion-shift';
import { postCodec } from './schemas/post';
import { postDeletionCodec } from './schemas/post-deletion';
import { scoredPostCodec } from './schemas/scored-post';
import { shareEventCodec } from './schemas/share-event';
import { stanceObservationCodec } from './schemas/stance-observation';

/** Every contract, in pipeline order: for tools that handle any message by its `schema` (docs, DLQ inspection). */
export const allCodecs: readonly Codec<unknown>[] = [
  postCodec,
  postDeletionCodec,
  authorProfileCodec,
  scoredPostCodec,
  stanceObservationCodec,
  shareEventCodec,
  coordinationEdgeCodec,
  clusterSnapshotCodec,
  opinionEstimateCodec,
  opinionShiftCodec,
  deadLetterCodec,
  connectorCursorCodec,
] as readonly Codec<unknown>[];
