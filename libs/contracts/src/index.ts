export type { Codec, ContractViolation, DecodeResult } from './codec';
export { allCodecs } from './all-codecs';
export * from './labels';
export type { Demographics } from './schemas/demographics';
export type { Probabilities, LabelledScore } from './schemas/probabilities';
export { sharedObjectId } from './schemas/shared-object-id';
export { postCodec, POST_SCHEMA, type Post } from './schemas/post';
export { postDeletionCodec, POST_DELETION_SCHEMA, type PostDeletion } from './schemas/post-deletion';
export {
  connectorCursorCodec,
  CONNECTOR_CURSOR_SCHEMA,
  CONNECTOR_PLATFORMS,
  type ConnectorCursor,
} from './schemas/connector-cursor';
export { authorProfileCodec, AUTHOR_PROFILE_SCHEMA, type AuthorProfile } from './schemas/author-profile';
export {
  scoredPostCodec,
  SCORED_POST_SCHEMA,
  type ScoredPost,
  type SentimentScore,
  type TopicStance,
} from './schemas/scored-post';
export {
  stanceObservationCodec,
  STANCE_OBSERVATION_SCHEMA,
  type StanceObservation,
} from './schemas/stance-observation';
export { shareEventCodec, SHARE_EVENT_SCHEMA, type ShareEvent } from './schemas/share-event';
export {
  coordinationEdgeCodec,
  COORDINATION_EDGE_SCHEMA,
  type CoordinationEdge,
} from './schemas/coordination-edge';
export {
  clusterSnapshotCodec,
  CLUSTER_SNAPSHOT_SCHEMA,
  type ClusterMember,
  type ClusterSnapshot,
} from './schemas/cluster-snapshot';
export {
  opinionShiftCodec,
  OPINION_SHIFT_SCHEMA,
  type OpinionShift,
  type ShareEstimate,
  type ShiftDecomposition,
} from './schemas/opinion-shift';
export {
  opinionEstimateCodec,
  OPINION_ESTIMATE_SCHEMA,
  type IntervalShare,
  type OpinionEstimate,
} from './schemas/opinion-estimate';
export { deadLetterCodec, DEAD_LETTER_SCHEMA, type DeadLetter } from './schemas/dead-letter';
export { isIsoDateTimeWithZone } from './iso-date-time';
export {
  POST_FORMATS,
  SKIP_CODES,
  SourceFormatError,
  type AdaptResult,
  type AdaptedRecord,
  type PostFormat,
  type SkipCode,
} from './adapters/post-format';
export { adaptJetstreamEvent } from './adapters/bluesky-jetstream';
export { adaptMastodonStatus, mastodonDeletion, mastodonPostId } from './adapters/mastodon-status';
export { readPostRecords } from './adapters/read-post-records';
