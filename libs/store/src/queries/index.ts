// The read side of the analyst store: one function per api route, each bounded by a hard limit.
export { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type Page } from './page';
export { QueryParameterError } from './query-parameter-error';
export type { ClusterSummary } from './clusters/cluster-summary';
export {
  CLUSTER_SORTS,
  listClusters,
  SORT_ORDERS,
  type ClusterListQuery,
  type ClusterSort,
  type SortOrder,
} from './clusters/list-clusters';
export {
  getCluster,
  type ClusterDetail,
  type ClusterHistoryRow,
  type ClusterMemberRow,
  type ObjectEvidence,
} from './clusters/get-cluster';
export { listClusterEvidence, type EvidenceEdge, type EvidenceQuery } from './clusters/list-cluster-evidence';
export { clusterGraphData } from './clusters/cluster-graph-data';
export { listObjects, type ObjectAmplification, type ObjectListQuery } from './objects/list-objects';
export { burstiness } from './objects/burstiness';
export { getAccount, type AccountCluster, type AccountDetail } from './accounts/get-account';
export { listTopics, type TopicSummary } from './topics/list-topics';
export {
  topicOpinion,
  type OpinionPoint,
  type OpinionQuery,
  type OpinionSeries,
  type TopicOpinion,
} from './topics/topic-opinion';
export { listShifts, type ShiftQuery } from './shifts/list-shifts';
export type { Shift } from './shifts/shift-row';
