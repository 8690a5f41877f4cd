import { unmappedFields } from '../json-object';
import { checkedPost } from './checked-post';
import type { CsvRecord } from './csv-records';
import { unixSecondsCell } from './unix-seconds-cell';
import type { AdaptResult } from './post-format';

// CooRTweet's input layout: each row is a share (`content_id`) of an object (`object_id`) by an
// account. In its bundled Twitter data the object is the retweeted post, so a row is a repost.

export const COORTWEET_COLUMNS = ['object_id', 'account_id', 'content_id', 'timestamp_share'] as const;
const MAPPED = new Set<string>(COORTWEET_COLUMNS);

export function adaptCoortweetRow({ cells }: CsvRecord): AdaptResult {
  const createdAt = unixSecondsCell(cells, 'timestamp_share');
  if (!createdAt.ok) return createdAt;
  const extra = unmappedFields(cells, MAPPED);
  return checkedPost({
    schema: 'post/v1',
    id: cells.content_id,
    platform: 'twitter',
    author_id: cells.account_id,
    created_at: createdAt.value,
    text: '',
    kind: 'repost',
    referenced_post_id: cells.object_id,
    ...(Object.keys(extra).length > 0 && { extra }),
  });
}
