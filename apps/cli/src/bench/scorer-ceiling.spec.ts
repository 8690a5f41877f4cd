import { describe, expect, it } from 'vitest';
import { scorerCeiling, type ScorerCeilingInputs } from './scorer-ceiling';

/** A run of 100,000 baseline msg/s, 10 µs of I/O and 10 µs per text, every post with a text. */
const ceilingOf = (changes: Partial<ScorerCeilingInputs>) =>
  scorerCeiling({
    baselinePerS: 100_000,
    ioCpuUsPerPost: 10,
    sentimentPerCpuS: 100_000,
    scoredTextShare: 1,
    ...changes,
  });

describe('scorerCeiling', () => {
  it('adds the two CPU floors and turns them into posts/s on one core', () => {
    // 8 µs of I/O + 12 µs of sentiment (83,333 posts per CPU-second) = 20 µs: 50,000 posts/s.
    const ceiling = ceilingOf({ ioCpuUsPerPost: 8, sentimentPerCpuS: 83_333.33 });
    expect(ceiling.sentiment_cpu_us_per_post).toBe(12);
    expect(ceiling.floor_cpu_us_per_post).toBe(20);
    expect(ceiling.best_case_per_s).toBe(50_000);
    expect(ceiling.best_case_ratio_to_baseline).toBe(0.5);
  });

  it('counts sentiment only for the posts that have a text', () => {
    // Half the posts are reposts: 10 µs of sentiment per text is 5 per post, 15 µs in all.
    const ceiling = ceilingOf({ scoredTextShare: 0.5 });
    expect(ceiling.sentiment_cpu_us_per_post).toBe(5);
    expect(ceiling.best_case_per_s).toBe(66_667);
  });

  it('states the CPU per post each target allows', () => {
    const ceiling = ceilingOf({ baselinePerS: 80_000 });
    // 0.70 of 80,000 is 56,000 posts/s: 17.86 µs each; 50,000 posts/s: 20 µs.
    expect(ceiling.cpu_us_per_post_allowed_by_ratio_target).toBe(17.86);
    expect(ceiling.cpu_us_per_post_allowed_by_per_s_target).toBe(20);
  });
});
