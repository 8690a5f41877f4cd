import { describe, expect, it } from 'vitest';
import { AuthorTable } from './author-table';

const profile = (authorId: string, region: string) =>
  Buffer.from(
    JSON.stringify({
      schema: 'author/v1',
      author_id: authorId,
      platform: 'twitter',
      demographics: { region },
      updated_at: '2026-11-01T00:00:00Z',
    }),
  );

describe('AuthorTable', () => {
  it('keeps the latest profile per author and deletes on a tombstone', () => {
    const table = new AuthorTable();
    expect(
      table.apply([
        { key: 'a', value: profile('a', 'north') },
        { key: 'b', value: profile('b', 'south') },
        { key: 'a', value: profile('a', 'east') },
        { key: 'b', value: null },
      ]),
    ).toEqual([]);
    expect(table.size).toBe(1);
    expect(table.get('a')?.demographics.region).toBe('east');
    expect(table.get('b')).toBeNull();
  });

  it('reports invalid records and keyless tombstones without stopping', () => {
    const table = new AuthorTable();
    const problems = table.apply([
      { key: 'x', value: Buffer.from('{"schema":"author/v1","author_id":"x"}') },
      { key: null, value: null },
      { key: 'c', value: profile('c', 'west') },
    ]);
    expect(problems).toHaveLength(2);
    expect(problems[0].record).toMatchObject({ key: 'x' });
    expect(problems[0].reason.message).toMatch(/platform|demographics|updated_at/);
    expect(problems[1].reason).toMatchObject({ code: 'keyless_tombstone', message: /tombstone/ });
    expect(table.get('c')?.demographics.region).toBe('west');
  });
});
