import { roundTo } from './round-to';

/** The design's per-instance targets for the scorer with the small models (DESIGN.md, Targets). */
export const SCORER_TARGETS = { per_s: 50_000, ratio_to_baseline: 0.7 } as const;

export interface ScorerCeilingInputs {
  /** The bare kafkajs pass-through of the same run, messages/s. */
  readonly baselinePerS: number;
  /** `stream_fanout`: CPU per post of decoding, validating and producing the scorer's output mix. */
  readonly ioCpuUsPerPost: number;
  /** `scoring_core`: posts per CPU-second of the small sentiment model (normalise, hash, infer). */
  readonly sentimentPerCpuS: number;
  /** The share of the scorer's posts that have a text to score (reposts have none). */
  readonly scoredTextShare: number;
}

/**
 * The most posts/s a scorer on one core could reach on this machine, from two floors measured in the
 * same run and added up: moving its output mix, and scoring sentiment for the posts that have a
 * text, with everything else it does (share extraction, JSON encoding, topic matching, the author
 * join, stance) counted as free. On one core a process cannot spend more than a CPU-second per second,
 * so no scorer built from these two parts goes faster; CPU rather than wall time because a loop's wall
 * time overlaps its waits on the broker. Beside it, the CPU per post the targets allow.
 */
export function scorerCeiling({
  baselinePerS,
  ioCpuUsPerPost,
  sentimentPerCpuS,
  scoredTextShare,
}: ScorerCeilingInputs) {
  const scoringCpuUsPerPost = (1e6 / sentimentPerCpuS) * scoredTextShare;
  const floorCpuUsPerPost = ioCpuUsPerPost + scoringCpuUsPerPost;
  const bestCasePerS = 1e6 / floorCpuUsPerPost;
  const ratioTargetPerS = SCORER_TARGETS.ratio_to_baseline * baselinePerS;
  return {
    io_cpu_us_per_post: roundTo(ioCpuUsPerPost, 2),
    scored_text_share: scoredTextShare,
    sentiment_cpu_us_per_post: roundTo(scoringCpuUsPerPost, 2),
    floor_cpu_us_per_post: roundTo(floorCpuUsPerPost, 2),
    best_case_per_s: Math.round(bestCasePerS),
    best_case_ratio_to_baseline: roundTo(bestCasePerS / baselinePerS, 3),
    cpu_us_per_post_allowed_by_ratio_target: roundTo(1e6 / ratioTargetPerS, 2),
    cpu_us_per_post_allowed_by_per_s_target: roundTo(1e6 / SCORER_TARGETS.per_s, 2),
  };
}
