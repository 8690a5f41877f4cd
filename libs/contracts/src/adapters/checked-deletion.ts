import { postDeletionCodec } from '../schemas/post-deletion';
import type { AdaptResult } from './post-format';

/** Every delete notice ends here: the candidate passes the same contract as a message on `posts.deleted`. */
export function checkedDeletion(candidate: unknown): AdaptResult {
  const checked = postDeletionCodec.check(candidate);
  return checked.ok ? { ok: 'delete', deletion: checked.value } : { ok: false, error: checked.error };
}
