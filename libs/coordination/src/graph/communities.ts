import type { AbstractGraph } from 'graphology-types';
import louvain from 'graphology-communities-louvain';
import { connectedComponents } from 'graphology-components';
import { seededRandom } from '../simulation/seeded-random';

export interface CommunityOptions {
  /** Louvain (weighted modularity) splits loosely joined groups; components is the simple case. */
  readonly method?: 'louvain' | 'components';
  /** Communities smaller than this are not clusters. Default 3. */
  readonly minSize?: number;
  /** Louvain visits nodes in random order; a seed makes snapshots reproducible. */
  readonly seed?: number;
  /** Edge attribute holding the weight. Default `decayed` (see `recurrentSubgraph`). */
  readonly weightAttribute?: string;
}

/** Member lists, largest first, each sorted (so equal clusters compare equal). */
export function findCommunities(graph: AbstractGraph, options: CommunityOptions = {}): string[][] {
  const minSize = options.minSize ?? 3;
  let groups: string[][];
  if ((options.method ?? 'louvain') === 'components' || graph.size === 0) {
    groups = connectedComponents(graph);
  } else {
    const membership = louvain(graph, {
      getEdgeWeight: options.weightAttribute ?? 'decayed',
      rng: seededRandom(options.seed ?? 42),
    });
    const byCommunity = new Map<number, string[]>();
    for (const [node, community] of Object.entries(membership)) {
      const members = byCommunity.get(community);
      if (members === undefined) byCommunity.set(community, [node]);
      else members.push(node);
    }
    groups = [...byCommunity.values()];
  }
  return groups
    .filter((members) => members.length >= minSize)
    .map((members) => members.sort())
    .sort((a, b) => b.length - a.length || (a[0] < b[0] ? -1 : 1));
}
