import { sharedObjectId, type Post, type ShareObjectKind } from '@riptide/contracts';
import { normaliseForShingles, wordBucketKeys, type TextBucketOptions } from '../text/minhash-lsh';
import { canonicalLink } from './normalise-url';

/** One object a post shares, named as the `shares` topic keys it (`<kind>:<value>`). */
export interface SharedObject {
  readonly kind: ShareObjectKind;
  readonly id: string;
}

/** The parts of a post that say what it shares (a `Post` satisfies it). */
export type ShareSource = Pick<Post, 'kind' | 'text' | 'urls' | 'hashtags' | 'media_hashes'> & {
  readonly referenced_post_id?: string | null;
};

export interface ShareExtractionOptions {
  /** Object kinds to emit; the others are skipped (e.g. to keep `text` out of a deployment). Default: all. */
  readonly kinds?: ReadonlySet<ShareObjectKind>;
  /**
   * Texts with fewer words than this (after links and mentions are removed) get no near-duplicate
   * keys: short texts ("thank you", "so true") coincide by chance, not by coordination. Default 6.
   */
  readonly minTextWords?: number;
  /** MinHash/LSH parameters of the near-duplicate text keys (see textBucketKeys). */
  readonly text?: TextBucketOptions;
}

export const DEFAULT_MIN_TEXT_WORDS = 6;

/**
 * Everything a post shares, one entry per distinct object: the reposted or quoted post, each link in
 * canonical form and its domain, each hashtag (lower-cased), each media hash, and one near-duplicate
 * text key per LSH band, so that copies of a text meet on at least one `text:` object. Links that are
 * not http(s) are skipped; a reply shares nothing by replying (its links and hashtags still count).
 */
export function extractSharedObjects(
  post: ShareSource,
  options: ShareExtractionOptions = {},
): SharedObject[] {
  const minTextWords = options.minTextWords ?? DEFAULT_MIN_TEXT_WORDS;
  if (!Number.isInteger(minTextWords) || minTextWords < 1)
    throw new RangeError(`minTextWords must be an integer >= 1, got ${minTextWords}`);
  const wanted = (kind: ShareObjectKind) => options.kinds === undefined || options.kinds.has(kind);
  const objects = new Map<string, SharedObject>();
  const add = (kind: ShareObjectKind, value: string) => {
    if (!wanted(kind) || value.length === 0) return;
    const id = sharedObjectId(kind, value);
    if (!objects.has(id)) objects.set(id, { kind, id });
  };

  if ((post.kind === 'repost' || post.kind === 'quote') && post.referenced_post_id)
    add('post', post.referenced_post_id);
  for (const raw of post.urls) {
    const link = canonicalLink(raw);
    if (link === null) continue;
    add('url', link.url);
    add('domain', link.domain);
  }
  for (const hashtag of post.hashtags) add('hashtag', hashtag.replace(/^#/, '').toLowerCase());
  for (const hash of post.media_hashes) add('media', hash);
  if (wanted('text')) {
    const words = normaliseForShingles(post.text);
    if (words.length >= minTextWords) for (const key of wordBucketKeys(words, options.text)) add('text', key);
  }
  return [...objects.values()];
}
