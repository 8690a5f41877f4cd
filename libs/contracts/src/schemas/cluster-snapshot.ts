import { defineCodec } from '../codec';
import {
  CLUSTER_METHODS,
  CLUSTER_STATUSES,
  COORDINATION_SIGNALS,
  type ClusterMethod,
  type ClusterStatus,
  type CoordinationSignal,
} from '../labels';
import {
  closedObject,
  dateTime,
  identifier,
  list,
  map,
  nonNegativeInteger,
  nonNegativeNumber,
  schemaName,
  unitInterval,
} from './fragments';
import { sharedObjectIdSchema } from './shared-object-id';

export const CLUSTER_SNAPSHOT_SCHEMA = 'cluster/v1';

export interface ClusterMember {
  account_id: string;
  /** Number of distinct accounts it is linked to inside the cluster. */
  degree: number;
  /** Sum of the (decayed) weights of those links. */
  strength: number;
}

/** The latest state of one coordinated cluster; the compacted topic keeps one per cluster id. */
export interface ClusterSnapshot {
  schema: typeof CLUSTER_SNAPSHOT_SCHEMA;
  cluster_id: string;
  /** Increases with every snapshot of this cluster, so a reader can drop stale ones. */
  generation: number;
  status: ClusterStatus;
  method: ClusterMethod;
  updated_at: string;
  members: ClusterMember[];
  size: number;
  edge_count: number;
  density: number;
  /** Time between the two shares of an edge, over the cluster's edges. */
  delta_t: { median_s: number; iqr_s: number };
  /** Edge count per signal. */
  signals: Partial<Record<CoordinationSignal, number>>;
  top_objects: { object_id: string; count: number }[];
  /** Named cluster scores (e.g. coordination, burstiness). */
  scores: Record<string, number>;
  evidence_summary?: string;
}

export const clusterSnapshotJsonSchema = {
  title: CLUSTER_SNAPSHOT_SCHEMA,
  ...closedObject(
    {
      schema: schemaName(CLUSTER_SNAPSHOT_SCHEMA),
      cluster_id: identifier,
      generation: nonNegativeInteger,
      status: { type: 'string', enum: CLUSTER_STATUSES },
      method: { type: 'string', enum: CLUSTER_METHODS },
      updated_at: dateTime,
      members: list(
        closedObject({ account_id: identifier, degree: nonNegativeInteger, strength: nonNegativeNumber }, [
          'account_id',
          'degree',
          'strength',
        ]),
        100_000,
      ),
      size: nonNegativeInteger,
      edge_count: nonNegativeInteger,
      density: unitInterval,
      delta_t: closedObject({ median_s: nonNegativeNumber, iqr_s: nonNegativeNumber }, ['median_s', 'iqr_s']),
      signals: {
        type: 'object',
        additionalProperties: nonNegativeInteger,
        propertyNames: { type: 'string', enum: COORDINATION_SIGNALS },
      },
      top_objects: list(
        closedObject({ object_id: sharedObjectIdSchema, count: nonNegativeInteger }, ['object_id', 'count']),
      ),
      scores: map({ type: 'number' }, 64),
      evidence_summary: { type: 'string', maxLength: 10_000 },
    },
    [
      'schema',
      'cluster_id',
      'generation',
      'status',
      'method',
      'updated_at',
      'members',
      'size',
      'edge_count',
      'density',
      'delta_t',
      'signals',
      'top_objects',
      'scores',
    ],
  ),
};

export const clusterSnapshotCodec = defineCodec<ClusterSnapshot>({
  schema: CLUSTER_SNAPSHOT_SCHEMA,
  jsonSchema: clusterSnapshotJsonSchema,
});
