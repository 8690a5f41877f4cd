// Public API of @riptide/coordination: pure co-share detection, account graph and clusters.
export { assertShare, SIGNALS, type CoEdge, type Share, type Signal, type SignalShare } from './share';
export { shareTableFrom, ShareTableBuilder, type ShareTable } from './table/share-table';
export {
  CSV_SHARE_LAYOUTS,
  readSharesFromCsv,
  type CsvShareFormat,
  type CsvShareLayout,
  type ReadSharesReport,
} from './csv/share-table-from-csv';
export { detectGroups, type CoordinatedPairs, type DetectGroupsOptions } from './coortweet/detect-groups';
export {
  generateCoordinatedNetwork,
  type CoordinatedEdge,
  type CoordinatedNetwork,
  type NetworkOptions,
  type PairAggregate,
  type Subgraph,
} from './coortweet/coordinated-network';
export { flagSpeedShares } from './coortweet/speed-share';
export {
  estimateCoordinationInterval,
  type CoordinationInterval,
  type CoordinationIntervalOptions,
} from './coornet/coordination-interval';
export { qutCoShareNetwork, type QutEdge, type QutOptions } from './qut/co-share-network';
export { quantileType7 } from './stats/quantile';
export {
  DEFAULT_SIGNAL_SETTINGS,
  resolveSignalSettings,
  type SignalSettings,
} from './streaming/signal-settings';
export {
  StreamingCoShareDetector,
  type AccountActivity,
  type StreamingDetectorOptions,
  type StreamingDetectorStats,
} from './streaming/streaming-detector';
export { coordinationEdgeOf, SIGNAL_OF_KIND } from './streaming/coordination-edge-of';
export { normaliseForShingles, textBucketKeys, type TextBucketOptions } from './text/minhash-lsh';
export {
  DecayingAccountGraph,
  type AccountEdgeAttributes,
  type AccountGraph,
  type AccountGraphOptions,
} from './graph/account-graph';
export { CoShareDeduplicator } from './graph/co-share-deduplicator';
export { recurrentSubgraph, type ThresholdOptions, type WeightedAccountGraph } from './graph/threshold';
export { findCommunities, type CommunityOptions } from './graph/communities';
export { scoreCluster, type ClusterScores } from './graph/cluster-scores';
export { coordinationScore } from './graph/coordination-score';
export { StableClusterIds, type IdentifiedCluster, type StableIdOptions } from './graph/stable-cluster-ids';
export { ObjectTimeline, silvermanBoxHalfWidth } from './evidence/object-timeline';
export { logPoissonTail } from './evidence/poisson-tail';
export { benjaminiHochberg } from './evidence/benjamini-hochberg';
export { findShareBursts, type BurstOptions, type ShareBurst } from './evidence/share-bursts';
export { findBurstClusters, type BurstCluster, type BurstClusterOptions } from './evidence/burst-clusters';
export {
  simulateCampaigns,
  type CampaignSimulationOptions,
  type SimulatedStream,
} from './simulation/planted-campaigns';
export {
  DEFAULT_FLAGGING_SETTINGS,
  flagCoordinatedAccounts,
  precisionRecall,
  type FlaggingSettings,
} from './simulation/flag-accounts';
export { seededRandom } from './simulation/seeded-random';
export {
  canonicalLink,
  DEFAULT_MIN_TEXT_WORDS,
  extractSharedObjects,
  normaliseUrl,
  type CanonicalLink,
  type ShareExtractionOptions,
  type SharedObject,
  type ShareSource,
} from './shares';
export type { ClusterGraph, ClusterGraphEdge, ClusterGraphNode } from './export/cluster-graph';
export { xmlEscape } from './export/xml-escape';
export { csvCell } from './export/csv-cell';
export {
  writeGraphml,
  type GraphmlData,
  type GraphmlDocument,
  type GraphmlKey,
} from './export/graphml-writer';
export { coreNumbers, trimToKCore, type TrimmedGraph } from './export/k-core';
export {
  toClusterGexf,
  toClusterGraphml,
  toEdgesCsv,
  toGraphologyJson,
  toNodesCsv,
  type EdgeAttributes,
  type NodeAttributes,
} from './export/cluster-exports';
