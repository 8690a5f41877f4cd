import { shareEventCodec } from '@riptide/contracts';
import { topicCatalog } from '@riptide/stream';
import { edgeKey, expectedEdgeKeys } from './detect-edges';
import { readTopicToEnd } from './read-topic-to-end';
import type { ShareStream } from './russian-shares';
import { compareIds, type ScaledRole } from './scaled-role';

/**
 * The coordination detect role: `shares` in, keyed by object id as the scorer writes them (so every
 * share of an object meets on one partition), on the catalog's partition count; `coordination.edges`
 * out. Its output is checked against the pure library's detector over the same shares.
 */
export function detectRole(stream: ShareStream): ScaledRole {
  return {
    name: 'coordination-detect',
    unit: 'shares/s',
    items: 'shares',
    inputTopic: 'shares',
    topics: ['shares', 'coordination.edges'],
    partitions: topicCatalog.find((topic) => topic.name === 'shares')!.partitions,
    partitionsFrom: 'the topic catalog',
    // The scorer writes about four shares per post, and this role moves a share several times faster
    // than the scorer a post: five shares per --messages give windows about as long as the scorer's.
    backlogPerMessage: 5,
    groupId: 'coordination-detect',
    service: (kafka, instance) => ({
      name: `coordination detect ${instance}`,
      entry: 'apps/coordination/src/main.ts',
      kafka,
      env: { COORDINATION_ROLE: 'detect', COORDINATION_HTTP_PORT: '0' },
      running: /"msg":"coordination running"/,
    }),
    message(index) {
      const share = stream(index);
      return { key: share.object_id, value: shareEventCodec.encode(share) };
    },
    async checkOutput(connection, count) {
      const found = new Map<string, number>();
      await readTopicToEnd(connection, 'coordination.edges', (value) => {
        const edge = JSON.parse(value.toString()) as Record<string, string>;
        const key = edgeKey(edge.signal, edge.object_id, edge.post_a, edge.post_b);
        found.set(key, (found.get(key) ?? 0) + 1);
      });
      return compareIds(
        'every co-share edge the pure library finds in the same shares, on coordination.edges',
        expectedEdgeKeys(stream, count),
        found,
      );
    },
  };
}
