import type { ContractViolation } from '../contract-violation';
import type { Post } from '../schemas/post';

/** The source layouts `riptide replay --format` reads. */
export const POST_FORMATS = ['twitter-v2', 'bluesky', 'coortweet', 'qut', 'post'] as const;
export type PostFormat = (typeof POST_FORMATS)[number];

/**
 * What one source record became: a valid Post, a reason it is not one (for the per-line report),
 * or a deliberate skip (a Bluesky like, a delete): records that are well formed but not posts.
 */
export type AdaptResult =
  { ok: true; post: Post } | { ok: false; error: ContractViolation } | { ok: 'skip'; reason: string };

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
