import { unmappedFields } from '../json-object';
import type { PostKind } from '../labels';
import { checkedPost } from './checked-post';
import type { CsvRecord } from './csv-records';
import type { AdaptResult } from './post-format';
import { unixSecondsCell } from './unix-seconds-cell';

// The QUT Digital Observatory coordination-network-toolkit layout. Empty cells mean "none".
// Hashtags and mentions are not columns of this layout and are not guessed from the text here.

export const QUT_COLUMNS = [
  'message_id',
  'user_id',
  'username',
  'repost_id',
  'reply_id',
  'message',
  'timestamp',
  'urls',
] as const;
const MAPPED = new Set<string>(QUT_COLUMNS);

function present(cell: string | undefined): string | null {
  return cell === undefined || cell === '' ? null : cell;
}

export function adaptQutRow({ cells }: CsvRecord): AdaptResult {
  const createdAt = unixSecondsCell(cells, 'timestamp');
  if (!createdAt.ok) return createdAt;
  const repostOf = present(cells.repost_id);
  const replyTo = present(cells.reply_id);
  const kind: PostKind = repostOf ? 'repost' : replyTo ? 'reply' : 'original';
  const extra = unmappedFields(cells, MAPPED);
  if (present(cells.username)) extra.username = cells.username;
  // A repost of a reply keeps the reply target here: Post has one reference.
  if (repostOf && replyTo) extra.reply_id = replyTo;
  return checkedPost({
    schema: 'post/v1',
    id: cells.message_id,
    platform: 'twitter',
    author_id: cells.user_id,
    created_at: createdAt.value,
    text: cells.message ?? '',
    kind,
    referenced_post_id: repostOf ?? replyTo,
    urls: (cells.urls ?? '').split(/\s+/).filter((url) => url !== ''),
    ...(Object.keys(extra).length > 0 && { extra }),
  });
}
