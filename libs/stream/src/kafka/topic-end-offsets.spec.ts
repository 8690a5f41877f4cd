import type { Admin } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { fetchTopicOffsetsOnceLed } from './topic-end-offsets';

// The race (leaders in metadata, ListOffsets still refused) cannot be produced on demand on the real
// broker, so the admin here answers from a script: these tests pin which errors are waited out.
function scriptedAdmin(answers: (Error | 'offsets')[]): { admin: Admin; calls: () => number } {
  let calls = 0;
  const admin = {
    fetchTopicOffsets: async () => {
      const answer = answers[Math.min(calls++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return [{ partition: 0, offset: '5', high: '5', low: '0' }];
    },
  } as unknown as Admin;
  return { admin, calls: () => calls };
}

describe('fetchTopicOffsetsOnceLed', () => {
  it('waits out "not the leader" answers while a new topic settles', async () => {
    const refused = new Error('This server is not the leader for that topic-partition');
    const { admin, calls } = scriptedAdmin([refused, refused, 'offsets']);
    await expect(fetchTopicOffsetsOnceLed(admin, 'posts.raw')).resolves.toEqual([
      { partition: 0, offset: '5', high: '5', low: '0' },
    ]);
    expect(calls()).toBe(3);
  });

  it('passes any other error straight up', async () => {
    const { admin, calls } = scriptedAdmin([new Error('SASL authentication failed')]);
    await expect(fetchTopicOffsetsOnceLed(admin, 'posts.raw')).rejects.toThrow('SASL authentication failed');
    expect(calls()).toBe(1);
  });
});
