import type { ProducerSink } from '@riptide/stream';

/**
 * Where the cluster role produces snapshots taken outside a batch (the quiet snapshot): a ProducerSink
 * of its own, since the batch runtime produces only what a handler returns.
 */
export type SnapshotSink = Pick<ProducerSink, 'connect' | 'send' | 'disconnect'>;

/** Nest injection token of the SnapshotSink. */
export const SNAPSHOT_SINK = Symbol('SnapshotSink');
