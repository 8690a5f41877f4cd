import { describe, expect, it } from 'vitest';
import { scorerConfigFromEnv } from '../scorer-config';
import { startScoringThreads } from './scoring-threads';

describe('startScoringThreads', () => {
  it('fails naming the thread and the problem when a thread cannot start', async () => {
    const config = scorerConfigFromEnv({
      SCORER_THREADS: '2',
      SCORER_TOPICS_FILE: '/nonexistent/topics.json',
    });
    const failures: Error[] = [];
    await expect(startScoringThreads(config, (error) => failures.push(error))).rejects.toThrow(
      /^scoring thread [01]: .*\/nonexistent\/topics\.json/,
    );
    // Threads stopped by the failed start are not reported as failures of a running instance.
    expect(failures).toEqual([]);
  });
});
