import { describe, expect, it } from 'vitest';
import type { CoEdge } from '../share';
import { DecayingAccountGraph } from './account-graph';
import { findCommunities } from './communities';
import { scoreCluster } from './cluster-scores';
import { recurrentSubgraph } from './threshold';

const edge = (
  older: string,
  newer: string,
  time: number,
  object = 'o',
  signal: CoEdge['signal'] = 'co-post',
): CoEdge => ({
  older,
  newer,
  object,
  signal,
  time,
  deltaSeconds: 2,
  weight: 1,
});

describe('DecayingAccountGraph', () => {
  it('halves a weight every half-life and adds new evidence on top', () => {
    const accounts = new DecayingAccountGraph({ halfLifeSeconds: 100 });
    accounts.add(edge('a', 'b', 0));
    accounts.add(edge('b', 'a', 100));
    const attributes = accounts.graph.getEdgeAttributes(accounts.graph.edge('a', 'b') as string);
    expect(attributes.weight).toBeCloseTo(1.5, 12);
    expect(accounts.decayedWeight(attributes, 200)).toBeCloseTo(0.75, 12);
    accounts.prune(1000);
    expect(accounts.graph.order).toBe(0);
  });

  it('keeps recurrent pairs above the weight quantile, finds the group and scores it', () => {
    const accounts = new DecayingAccountGraph({ halfLifeSeconds: 1e9 });
    const group = ['g1', 'g2', 'g3', 'g4'];
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < group.length; i++)
        for (let j = i + 1; j < group.length; j++)
          accounts.add(edge(group[i], group[j], round, `post${round}`));
    }
    // Chance co-shares among organic accounts, once each.
    for (let i = 0; i < 20; i++) accounts.add(edge(`o${i}`, `o${i + 1}`, i));
    accounts.add(edge('g1', 'o1', 3));
    const recurrent = recurrentSubgraph(accounts, { now: 10, quantile: 0.5 });
    const clusters = findCommunities(recurrent, { minSize: 3 });
    expect(clusters).toEqual([group]);
    const scores = scoreCluster(recurrent, group, () => ({ shares: 10, coordinatedShares: 5 }));
    expect(scores).toMatchObject({
      size: 4,
      density: 1,
      medianDeltaSeconds: 2,
      iqrDeltaSeconds: 0,
      coordinatedShareRatio: 0.5,
    });
    expect(scores.signalMix['co-post']).toBe(1);
    expect(scores.contentDiversity).toBeCloseTo(5 / 30, 12);
    expect(findCommunities(recurrent, { method: 'components', minSize: 3 })).toEqual([group]);
  });
});
