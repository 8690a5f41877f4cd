import type { ColumnType, Generated } from 'kysely';

/**
 * The tables of the analyst store, as Kysely sees them. The store is a materialised view of the Kafka
 * topics (clusters, evidence edges, shares, opinion estimates and shifts): a reset empties it and the
 * materialisers rebuild it by reading the topics again. Only `api_keys` is primary data; `deleted_posts`
 * (from `posts.deleted`) survives a reset too, so that a rebuild never restores an erased post.
 *
 * Times are `timestamptz` (read back as Date); counts that can pass 2^31 are `bigint` (read back as
 * string by PostgreSQL drivers, hence `Int8`). JSON columns hold contract fragments unchanged.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Int8 = ColumnType<string, number | bigint | string, number | bigint | string>;
type Json<T> = ColumnType<T, string, string>;

/** Topics as configured (config/topics.json), refreshed at every start of the api. */
export interface TopicTable {
  topic_id: string;
  name: string;
  stance_target: string;
  /** The stance tier the configuration names. */
  stance_model: string;
  hashtags: Json<string[]>;
  keywords: Json<string[]>;
}

/** The latest snapshot of each cluster (`coordination.clusters`, compacted, keyed by cluster id). */
export interface ClusterTable {
  cluster_id: string;
  generation: number;
  status: string;
  method: string;
  /** updated_at of the first snapshot seen. */
  first_seen_at: Timestamp;
  updated_at: Timestamp;
  size: number;
  edge_count: number;
  density: number;
  delta_t_median_s: number;
  delta_t_iqr_s: number;
  /** scores.coordination, or 0 when absent: the sort and filter key "score". */
  coordination_score: number;
  /** The signal with the most edges (ties: the first in COORDINATION_SIGNALS order). */
  dominant_signal: string | null;
  signals: Json<Record<string, number>>;
  top_objects: Json<{ object_id: string; count: number }[]>;
  scores: Json<Record<string, number>>;
  /** Topics whose hashtags or keywords appear in the cluster's top objects. */
  topic_ids: Json<string[]>;
  evidence_summary: string | null;
}

/**
 * One row per snapshot generation: how the cluster grew, shrank, split and merged. `origins` counts the
 * members that were, just before this snapshot, in another cluster (cluster id -> members), so a
 * cluster born of a split names its parent.
 */
export interface ClusterHistoryTable {
  cluster_id: string;
  generation: number;
  updated_at: Timestamp;
  status: string;
  size: number;
  edge_count: number;
  coordination_score: number;
  joined: number;
  left: number;
  origins: Json<Record<string, number>>;
}

/** The members of each cluster's latest snapshot. */
export interface ClusterMemberTable {
  cluster_id: string;
  account_id: string;
  degree: number;
  strength: number;
}

/** `coordination.edges`: one row per edge identity (signal, object, the two posts). */
export interface EvidenceEdgeTable {
  /** sha256 of signal, object id, post_a and post_b: a replayed edge lands on the same row. */
  edge_id: string;
  signal: string;
  object_id: string;
  account_a: string;
  account_b: string;
  post_a: string;
  post_b: string;
  at_a: Timestamp;
  at_b: Timestamp;
  delta_t_s: number;
  detected_at: Timestamp;
}

/** Every account seen in an evidence edge or a cluster. */
export interface AccountTable {
  account_id: string;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  /** Evidence edges touching the account. */
  edge_count: Int8;
}

/** Shared objects (`shares`): all shares, against which the coordinated ones are measured. */
export interface SharedObjectTable {
  object_id: string;
  /** The kind prefix of the id: post, url, domain, hashtag, text, media. */
  kind: string;
  first_shared_at: Timestamp;
  last_shared_at: Timestamp;
  shares: Int8;
  /** Shares whose post appears in an evidence edge (a coordinated share). */
  coordinated_shares: Int8;
}

/** Shares per object per hour of event time: the series behind burstiness and timelines. */
export interface ObjectHourTable {
  object_id: string;
  hour: Timestamp;
  shares: Int8;
}

/** `opinion.estimates`: one row per topic, measure, bucket and group (all-population: dimension ''). */
export interface OpinionEstimateTable {
  topic_id: string;
  measure: string;
  bucket_start: Timestamp;
  bucket_end: Timestamp;
  /** '' for the whole population. */
  group_dimension: string;
  /** '' for the whole population; 'unknown' for the group without a value. */
  group_value: string;
  n: number;
  n_eff: number;
  raw: Json<Record<string, { share: number; ci_low: number; ci_high: number }>>;
  corrected: Json<Record<string, { share: number; ci_low: number; ci_high: number }>>;
  weighted: Json<Record<string, { share: number; ci_low: number; ci_high: number }>>;
  correction: string;
  model: string;
  confidence: number;
  estimated_at: Timestamp;
}

/** `opinion.shifts`: one row per shift identity (topic, detector, group, label, after.from). */
export interface OpinionShiftTable {
  shift_id: string;
  topic_id: string;
  detector: string;
  /** Canonical JSON of the group ({} for the whole population), as in the contract. */
  group: Json<Record<string, string>>;
  /** `dimension=value`, or '' for the whole population: the filterable form of `group`. */
  group_key: string;
  label: string;
  size: number;
  confidence: number;
  before: Json<Record<string, unknown>>;
  after: Json<Record<string, unknown>>;
  decomposition: Json<Record<string, unknown>> | null;
  detected_at: Timestamp;
}

/** API keys: scrypt hashes only, never a secret. */
export interface ApiKeyTable {
  key_id: string;
  name: string;
  role: string;
  /** The KeyHash of libs/auth, serialised as it is in the key file. */
  hash: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

/**
 * `posts.deleted`: every post its source deleted, once (the first notice wins). Evidence edges naming
 * one are erased when it arrives and never stored afterwards. Kept by a reset, like `api_keys`: a store
 * rebuilt from the topics must not bring back an erased post, even after its notice has aged out of
 * `posts.deleted`.
 */
export interface DeletedPostTable {
  post_id: string;
  platform: string;
  /** When the source saw the delete (its clock). */
  deleted_at: Timestamp;
  /** When this store recorded it and erased the edges naming the post. */
  erased_at: Generated<Timestamp>;
}

/**
 * Where each materialiser is in each partition, written in the same transaction as the rows a batch
 * produced: a redelivered batch finds its offsets already applied and is skipped, so counters are
 * exact under at-least-once delivery.
 */
export interface MaterialiserOffsetTable {
  topic: string;
  partition: number;
  /** The next offset to apply (Kafka's committed-offset convention). */
  next_offset: Int8;
  updated_at: Generated<Timestamp>;
}

export interface Database {
  topics: TopicTable;
  clusters: ClusterTable;
  cluster_history: ClusterHistoryTable;
  cluster_members: ClusterMemberTable;
  evidence_edges: EvidenceEdgeTable;
  accounts: AccountTable;
  shared_objects: SharedObjectTable;
  object_hours: ObjectHourTable;
  opinion_estimates: OpinionEstimateTable;
  opinion_shifts: OpinionShiftTable;
  api_keys: ApiKeyTable;
  deleted_posts: DeletedPostTable;
  materialiser_offsets: MaterialiserOffsetTable;
}
