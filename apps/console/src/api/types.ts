// The JSON the console reads, as the api documents it (/openapi.json). Kept here rather than imported
// from libs/store: the console is a browser bundle and must not pull server code into it.

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export interface ApiErrorBody {
  error: string;
  message: string;
  field?: string;
}

export interface ClusterSummary {
  cluster_id: string;
  generation: number;
  status: string;
  method: string;
  first_seen_at: string;
  updated_at: string;
  size: number;
  edge_count: number;
  density: number;
  coordination_score: number;
  dominant_signal: string | null;
  signals: Record<string, number>;
  top_objects: { object_id: string; count: number }[];
  topic_ids: string[];
  delta_t: { median_s: number; iqr_s: number };
  evidence_summary: string | null;
}

export interface Member {
  account_id: string;
  degree: number;
  strength: number;
}

export interface HistoryRow {
  generation: number;
  updated_at: string;
  status: string;
  size: number;
  edge_count: number;
  coordination_score: number;
  joined: number;
  left: number;
  origins: Record<string, number>;
}

export interface ObjectEvidence {
  object_id: string;
  kind: string;
  edges: number;
  accounts: number;
  posts: number;
  delta_t_median_s: number | null;
  first_at: string;
  last_at: string;
}

export interface ClusterDetail extends ClusterSummary {
  scores: Record<string, number>;
  members: Member[];
  members_total: number;
  history: HistoryRow[];
  objects: ObjectEvidence[];
  timeline: { hour: string; edges: number }[];
}

export interface EvidenceEdge {
  edge_id: string;
  signal: string;
  object_id: string;
  account_a: string;
  account_b: string;
  post_a: string;
  post_b: string;
  at_a: string;
  at_b: string;
  delta_t_s: number;
  detected_at: string;
}

/** graphology's `graph.export()`. */
export interface SerializedClusterGraph {
  attributes?: Record<string, unknown>;
  options?: { type?: string };
  nodes: { key: string; attributes?: { degree?: number; strength?: number; cluster_id?: string } }[];
  edges: {
    key?: string;
    source: string;
    target: string;
    attributes?: { weight?: number; signals?: string; objects?: number; delta_t_median_s?: number };
  }[];
}

export interface Topic {
  topic_id: string;
  name: string;
  stance_target: string;
  stance_model: string;
  hashtags: string[];
  keywords: string[];
  estimates: number;
  last_bucket_end: string | null;
  shifts: number;
}

export interface ShareWithInterval {
  share: number;
  ci_low: number;
  ci_high: number;
}

export interface OpinionPoint {
  bucket_start: string;
  bucket_end: string;
  n: number;
  n_eff: number;
  raw: Record<string, ShareWithInterval>;
  corrected: Record<string, ShareWithInterval>;
  weighted: Record<string, ShareWithInterval>;
  correction: string;
  model: string;
}

export interface OpinionSeries {
  group: { dimension: string; value: string } | null;
  points: OpinionPoint[];
}

export interface ShareEstimate {
  share: number;
  n_eff: number;
  ci_low: number;
  ci_high: number;
  from: string;
  to: string;
}

export interface Shift {
  shift_id: string;
  topic_id: string;
  detector: string;
  group: Record<string, string>;
  label: string;
  size: number;
  confidence: number;
  before: ShareEstimate;
  after: ShareEstimate;
  decomposition: { kind: string; returning_authors: number; within: number; composition: number } | null;
  detected_at: string;
}

export interface TopicOpinion {
  topic_id: string;
  measure: string;
  series: OpinionSeries[];
  shifts: Shift[];
}

export interface AccountDetail {
  account_id: string;
  first_seen_at: string;
  last_seen_at: string;
  edge_count: number;
  coordination_score: number;
  clusters: {
    cluster_id: string;
    status: string;
    size: number;
    coordination_score: number;
    strength: number;
    degree: number;
  }[];
  objects: { object_id: string; edges: number }[];
}

export interface ObjectAmplification {
  object_id: string;
  kind: string;
  shares: number;
  coordinated_shares: number;
  coordinated_fraction: number;
  clusters: number;
  burstiness: number;
  first_shared_at: string;
  last_shared_at: string;
}
