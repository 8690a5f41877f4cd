import type { ContractViolation } from '../contract-violation';
import type { Post } from '../schemas/post';
import type { PostDeletion } from '../schemas/post-deletion';

/** The source layouts `riptide replay --format` reads. */
export const POST_FORMATS = ['twitter-v2', 'bluesky', 'coortweet', 'qut', 'post'] as const;
export type PostFormat = (typeof POST_FORMATS)[number];

/**
 * Why a well-formed record is not a post. Bounded on purpose: the connector counts skips by code in a
 * metric label. `oversized` and `filtered` are set by the connector, not by an adapter.
 */
export const SKIP_CODES = [
  'not_a_commit',
  'not_a_post',
  'not_a_creation',
  'edit',
  'empty_response',
  'oversized',
  'filtered',
] as const;
export type SkipCode = (typeof SKIP_CODES)[number];

/**
 * What one source record became: a valid Post, a reason it is not one (for the per-line report),
 * a deliberate skip (a Bluesky like, an identity event: well formed but not posts, the reason for
 * people and the code for counting), or the deletion of a post the source published earlier.
 */
export type AdaptResult =
  | { ok: true; post: Post }
  | { ok: false; error: ContractViolation }
  | { ok: 'skip'; code: SkipCode; reason: string }
  | { ok: 'delete'; deletion: PostDeletion };

export interface AdaptedRecord {
  /** 1-based line where the record starts in the source. */
  line: number;
  result: AdaptResult;
}

/** The source as a whole cannot be read in this format (wrong CSV header, broken quoting). */
export class SourceFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceFormatError';
  }
}
