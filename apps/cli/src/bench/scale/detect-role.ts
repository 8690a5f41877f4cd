import { shareEventCodec } from '@riptide/contracts';
import { topicCatalog } from '@riptide/stream';
import { edgeKey, expectedEdgeKeys } from './detect-edges';
import { readTopicToEnd } from './read-topic-to-end';
import type { ShareStream } from '../russian-shares';
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
    // This role moves a share in about 7 µs of CPU, several times faster than the scorer a post, and a
    // single instance's figure moves by up to 15% between identical runs as garbage collection falls in
    // or out of the window: ten shares per --messages give windows of 10-15 s.
    backlogPerMessage: 10,
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
