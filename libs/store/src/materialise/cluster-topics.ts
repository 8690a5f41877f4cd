/** A topic as the cluster matcher needs it. */
export interface TopicTerms {
  readonly topic_id: string;
  readonly hashtags: readonly string[];
  readonly keywords: readonly string[];
}

/**
 * The topics a cluster pushed: a `hashtag:<tag>` object matches a topic hashtag (case-insensitive, with
 * or without '#'); a `url:` or `text:` object matches when it contains a topic keyword, case-insensitive.
 * In registry order, each topic once.
 */
export function clusterTopicIds(objectIds: readonly string[], topics: readonly TopicTerms[]): string[] {
  const hashtags = new Set<string>();
  const texts: string[] = [];
  for (const id of objectIds) {
    const lower = id.toLowerCase();
    if (lower.startsWith('hashtag:')) hashtags.add(lower.slice('hashtag:'.length).replace(/^#/, ''));
    else if (lower.startsWith('url:') || lower.startsWith('text:')) texts.push(lower);
  }
  return topics
    .filter(
      (topic) =>
        topic.hashtags.some((tag) => hashtags.has(tag.toLowerCase().replace(/^#/, ''))) ||
        topic.keywords.some((keyword) => texts.some((text) => text.includes(keyword.toLowerCase()))),
    )
    .map((topic) => topic.topic_id);
}
