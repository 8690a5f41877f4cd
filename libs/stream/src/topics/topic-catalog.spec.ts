import { describe, expect, it } from 'vitest';
import { brokerConfigOf, deadLetterTopicOf, topicCatalog } from './topic-catalog';

describe('topicCatalog', () => {
  const byName = new Map(topicCatalog.map((spec) => [spec.name, spec]));

  it('declares every topic of the design once', () => {
    for (const name of [
      'posts.raw',
      'posts.deleted',
      'connector.cursors',
      'authors',
      'posts.scored',
      'stance.observations',
      'shares',
      'coordination.edges',
      'coordination.clusters',
      'opinion.estimates',
      'opinion.shifts',
    ]) {
      expect(byName.has(name), name).toBe(true);
    }
    expect(byName.size).toBe(topicCatalog.length);
  });

  it('compacts the keyed state topics and keeps edges on one partition', () => {
    expect(byName.get('authors')?.cleanupPolicy).toBe('compact');
    expect(byName.get('coordination.clusters')?.cleanupPolicy).toBe('compact');
    expect(byName.get('connector.cursors')).toMatchObject({ cleanupPolicy: 'compact', partitions: 1 });
    expect(byName.get('coordination.edges')?.partitions).toBe(1);
  });

  it('keeps deletions longer than the posts they delete', () => {
    expect(byName.get('posts.deleted')!.retentionMs).toBeGreaterThan(byName.get('posts.raw')!.retentionMs);
    expect(byName.get('posts.deleted')!.partitions).toBe(byName.get('posts.raw')!.partitions);
  });

  it('gives every consumed topic a dead-letter topic', () => {
    for (const source of ['posts.raw', 'authors', 'shares', 'coordination.edges'])
      expect(byName.has(deadLetterTopicOf(source))).toBe(true);
  });

  it('turns a spec into broker configs', () => {
    expect(brokerConfigOf(byName.get('authors')!)).toMatchObject({
      'cleanup.policy': 'compact',
      'retention.ms': '-1',
    });
  });
});
