import { describe, expect, it } from 'vitest';
import { StableClusterIds } from './stable-cluster-ids';

describe('StableClusterIds', () => {
  it('keeps the id of a cluster that gains and loses a few members, and mints ids for new ones', () => {
    const ids = new StableClusterIds();
    const first = ids.assign([
      ['a', 'b', 'c', 'd'],
      ['x', 'y', 'z'],
    ]);
    expect(first.map((cluster) => cluster.id)).toEqual(['c1', 'c2']);
    const second = ids.assign([
      ['p', 'q', 'r'],
      ['a', 'b', 'c', 'e'],
    ]);
    expect(second.map((cluster) => cluster.id)).toEqual(['c3', 'c1']);
  });

  it('gives a split cluster’s id to the larger overlap only', () => {
    const ids = new StableClusterIds();
    ids.assign([['a', 'b', 'c', 'd', 'e', 'f']]);
    const split = ids.assign([
      ['a', 'b'],
      ['c', 'd', 'e', 'f'],
    ]);
    expect(split.map((cluster) => cluster.id)).toEqual(['c2', 'c1']);
  });

  it('resumes after a restart: published ids carry over and new ids never reuse a published one', () => {
    const ids = new StableClusterIds();
    ids.resume([{ id: 'c4', members: ['a', 'b', 'c'] }], ['c2', 'c9', 'other-7']);
    const next = ids.assign([
      ['x', 'y', 'z'],
      ['a', 'b', 'c', 'd'],
    ]);
    expect(next.map((cluster) => cluster.id)).toEqual(['c10', 'c4']);
  });

  it('rejects a threshold outside (0, 1]', () => {
    expect(() => new StableClusterIds({ minJaccard: 0 })).toThrow(/minJaccard/);
  });
});
