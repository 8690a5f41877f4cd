import { postCodec } from '../schemas/post';
import type { AdaptResult } from './post-format';

/** Every adapter ends here: the candidate passes the same contract as a message on `posts.raw`. */
export function checkedPost(candidate: unknown): AdaptResult {
  const checked = postCodec.check(candidate);
  return checked.ok ? { ok: true, post: checked.value } : { ok: false, error: checked.error };
}
