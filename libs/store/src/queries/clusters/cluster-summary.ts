import type { Selectable } from 'kysely';
import type { ClusterTable } from '../../schema/database';
import { iso, json } from '../row-values';

/** A cluster as the list shows it: its latest snapshot without members. */
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

/** The clusters columns a summary needs (scores stay out: only the detail shows them). */
export const SUMMARY_COLUMNS = [
  'cluster_id',
  'generation',
  'status',
  'method',
  'first_seen_at',
  'updated_at',
  'size',
  'edge_count',
  'density',
  'coordination_score',
  'dominant_signal',
  'signals',
  'top_objects',
  'topic_ids',
  'delta_t_median_s',
  'delta_t_iqr_s',
  'evidence_summary',
] as const;

export type SummaryRow = Pick<Selectable<ClusterTable>, (typeof SUMMARY_COLUMNS)[number]>;

export function clusterSummary(row: SummaryRow): ClusterSummary {
  return {
    cluster_id: row.cluster_id,
    generation: row.generation,
    status: row.status,
    method: row.method,
    first_seen_at: iso(row.first_seen_at),
    updated_at: iso(row.updated_at),
    size: row.size,
    edge_count: row.edge_count,
    density: row.density,
    coordination_score: row.coordination_score,
    dominant_signal: row.dominant_signal,
    signals: json(row.signals),
    top_objects: json(row.top_objects),
    topic_ids: json(row.topic_ids),
    delta_t: { median_s: row.delta_t_median_s, iqr_s: row.delta_t_iqr_s },
    evidence_summary: row.evidence_summary,
  };
}
