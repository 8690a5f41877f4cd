import type {
  ClusterSnapshot,
  CoordinationEdge,
  OpinionEstimate,
  OpinionShift,
  PostDeletion,
  ShareEvent,
} from '@riptide/contracts';
import type { MaterialiseMessage } from '../materialise/materialise-message';

/** Contract values for the store's specs: valid by construction, every field overridable. */

export function share(
  objectId: string,
  postId: string,
  sharedAt: string,
  accountId = `acct-${postId}`,
): ShareEvent {
  const kind = objectId.slice(0, objectId.indexOf(':')) as ShareEvent['object_kind'];
  return {
    schema: 'share/v1',
    object_id: objectId,
    object_kind: kind,
    account_id: accountId,
    post_id: postId,
    shared_at: sharedAt,
  };
}

export function edge(
  objectId: string,
  [accountA, postA, atA]: [string, string, string],
  [accountB, postB, atB]: [string, string, string],
): CoordinationEdge {
  return {
    schema: 'coordination-edge/v1',
    signal: objectId.startsWith('hashtag:') ? 'co-hashtag' : 'co-url',
    object_id: objectId,
    account_a: accountA,
    account_b: accountB,
    post_a: postA,
    post_b: postB,
    at_a: atA,
    at_b: atB,
    delta_t_s: Math.abs(Date.parse(atB) - Date.parse(atA)) / 1000,
    detected_at: '2026-12-01T12:00:00.000Z',
  };
}

export function deletion(postId: string, deletedAt: string, platform = 'bluesky'): PostDeletion {
  return {
    schema: 'post-deletion/v1',
    id: postId,
    platform,
    author_id: `acct-${postId}`,
    deleted_at: deletedAt,
  };
}

export function cluster(
  clusterId: string,
  generation: number,
  updatedAt: string,
  members: readonly string[],
  overrides: Partial<ClusterSnapshot> = {},
): ClusterSnapshot {
  return {
    schema: 'cluster/v1',
    cluster_id: clusterId,
    generation,
    status: 'active',
    method: 'louvain',
    updated_at: updatedAt,
    members: members.map((account_id, i) => ({ account_id, degree: members.length - 1, strength: 10 - i })),
    size: members.length,
    edge_count: members.length * 2,
    density: 0.5,
    delta_t: { median_s: 4, iqr_s: 2 },
    signals: { 'co-url': members.length * 2 },
    top_objects: [{ object_id: 'url:https://news.example/a', count: 5 }],
    scores: { coordination: 0.8 },
    ...overrides,
  };
}

const interval = (share: number) => ({
  share,
  ci_low: Math.max(0, share - 0.1),
  ci_high: Math.min(1, share + 0.1),
});
const stanceShares = () => ({ none: interval(0.2), against: interval(0.3), favor: interval(0.5) });

export function estimate(
  topicId: string,
  bucketStart: string,
  group: Record<string, string> = {},
  n = 100,
): OpinionEstimate {
  return {
    schema: 'opinion-estimate/v1',
    topic_id: topicId,
    measure: 'stance',
    bucket_start: bucketStart,
    bucket_end: new Date(Date.parse(bucketStart) + 3_600_000).toISOString(),
    group,
    n,
    n_eff: n * 0.8,
    raw: stanceShares(),
    corrected: stanceShares(),
    weighted: stanceShares(),
    correction: 'pacc',
    model: 'stance-small@1.1.0',
    confidence: 0.9,
    estimated_at: '2026-12-01T13:00:00.000Z',
  };
}

export function shift(
  topicId: string,
  group: Record<string, string>,
  afterFrom: string,
  size = 0.2,
): OpinionShift {
  const window = (share: number, from: string) => ({
    share,
    n_eff: 200,
    ci_low: share - 0.05,
    ci_high: share + 0.05,
    from,
    to: new Date(Date.parse(from) + 86_400_000).toISOString(),
  });
  return {
    schema: 'opinion-shift/v1',
    topic_id: topicId,
    detector: 'two-window',
    group,
    label: 'favor',
    before: window(0.3, new Date(Date.parse(afterFrom) - 86_400_000).toISOString()),
    after: window(0.3 + size, afterFrom),
    size,
    confidence: 0.95,
    decomposition: {
      kind: 'persuasion',
      returning_authors: 40,
      within: size * 0.75,
      composition: size * 0.25,
    },
    detected_at: new Date(Date.parse(afterFrom) + 86_400_000).toISOString(),
  };
}

/** Values as the messages of one partition, from `firstOffset` on. */
export function messagesOf<T>(values: readonly T[], firstOffset = 0, partition = 0): MaterialiseMessage<T>[] {
  return values.map((value, i) => ({ partition, offset: String(firstOffset + i), value }));
}
