import { counter, gauge, histogram } from '@riptide/observability';

/** The coordination service's own metrics (pipeline health is in libs/stream's). Labels are bounded: signals and roles. */
export const coordinationMetrics = {
  edges: counter('riptide_coordination_edges_total', 'Co-share edges emitted by the detect role', ['signal']),
  lateShares: counter(
    'riptide_coordination_late_shares_total',
    'Shares dropped for arriving later than the allowed lateness',
  ),
  overflowShares: counter(
    'riptide_coordination_overflow_shares_total',
    'Shares pushed out of a viral object’s window by the per-object cap',
  ),
  duplicateShares: counter(
    'riptide_coordination_duplicate_shares_total',
    'Shares ignored by the detect role because their window already held the same post (redeliveries)',
  ),
  duplicateEdges: counter(
    'riptide_coordination_duplicate_edges_total',
    'Edges ignored by the cluster role because the same co-share (signal, object, post pair) was already folded in',
  ),
  activeObjects: gauge(
    'riptide_coordination_active_objects',
    'Objects with a share inside their window, over the partitions held',
  ),
  bufferedShares: gauge(
    'riptide_coordination_buffered_shares',
    'Shares held in windows (window memory), over the partitions held',
  ),
  detectionLatency: histogram(
    'riptide_coordination_detection_latency_seconds',
    'From the event time of the share that completed an edge to the edge being emitted',
    [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600],
  ),
  graphNodes: gauge('riptide_coordination_graph_nodes', 'Accounts in the decaying account graph'),
  graphEdges: gauge('riptide_coordination_graph_edges', 'Account pairs in the decaying account graph'),
  rememberedCoShares: gauge(
    'riptide_coordination_remembered_coshares',
    'Co-shares the cluster role remembers, over the decay horizon, to ignore redelivered edges (its dedup memory)',
  ),
  clusters: gauge('riptide_coordination_active_clusters', 'Active clusters in the latest snapshot'),
  snapshots: counter(
    'riptide_coordination_snapshots_total',
    'Cluster snapshots taken by the cluster role, by trigger (batch or quiet stream)',
    ['trigger'],
  ),
  replayed: counter(
    'riptide_coordination_replayed_messages_total',
    'Messages replayed to rebuild state on partition assignment',
    ['role'],
  ),
};
