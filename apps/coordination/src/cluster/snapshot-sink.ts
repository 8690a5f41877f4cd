/** Nest injection token of the cluster role's OutOfBatchSink (its quiet snapshots). */
export const SNAPSHOT_SINK = Symbol('SnapshotSink');
