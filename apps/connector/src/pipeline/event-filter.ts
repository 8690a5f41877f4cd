import type { Post } from '@riptide/contracts';
import type { ConnectorFilters } from '../connector-config';

/**
 * Whether a post passes the configured filters: each configured kind (languages, keywords, hashtags)
 * must match (AND across kinds, OR within one). An empty kind lets everything through. A post without
 * a language does not pass a language filter: the operator asked for those languages only.
 */
export function passesFilters(post: Post, filters: ConnectorFilters): boolean {
  if (filters.languages.length > 0 && !matchesLanguage(post.lang ?? null, filters.languages)) return false;
  if (filters.keywords.length > 0) {
    const text = post.text.toLowerCase();
    if (!filters.keywords.some((keyword) => text.includes(keyword))) return false;
  }
  if (filters.hashtags.length > 0) {
    const tags = post.hashtags.map((tag) => tag.replace(/^#/, '').toLowerCase());
    if (!filters.hashtags.some((tag) => tags.includes(tag))) return false;
  }
  return true;
}

/** `en` matches `en-US` too: sources give regional tags, operators usually mean the language. */
function matchesLanguage(lang: string | null, languages: readonly string[]): boolean {
  if (lang === null) return false;
  const code = lang.toLowerCase();
  return languages.some((wanted) => code === wanted || code.startsWith(`${wanted}-`));
}
