import type { Topic, TopicRegistry } from './topic-registry';

/** The parts of a post that topic matching reads (a `Post` satisfies it). */
export interface TopicMatchInput {
  readonly text: string;
  /** Hashtags as the platform reported them, with or without `#`. */
  readonly hashtags?: readonly string[];
  /** Language code of the post; absent or `und` matches topics of every language. */
  readonly lang?: string;
}

/** Matches posts to topic ids; built once from a registry, then called for every post. */
export type TopicMatcher = (post: TopicMatchInput) => string[];

interface CompiledTopic {
  readonly topic: Topic;
  readonly index: number;
  readonly languages: ReadonlySet<string>;
  readonly pattern?: RegExp;
}

interface Phrase {
  readonly rest: readonly string[];
  readonly topicIndex: number;
}

const WORD = /[\p{L}\p{N}]+/gu;
const HASHTAG_IN_TEXT = /#([\p{L}\p{N}_]+)/gu;
// On ASCII text the Unicode classes above match exactly these, several times faster (most posts).
const ASCII_ONLY = /^[\x00-\x7f]*$/;
const ASCII_WORD = /[a-z0-9]+/g;
const ASCII_HASHTAG_IN_TEXT = /#([A-Za-z0-9_]+)/g;

/**
 * Compiles a registry into a matcher whose cost grows with the post's length, not with the number
 * of keywords: keywords and hashtags become hash-map lookups keyed by word, phrases are checked only
 * when their first word occurs, and regular expressions run only for topics not already matched.
 * Words are runs of letters and digits, so the keyword "pro-life" matches "Pro-Life" and "pro life".
 */
export function compileTopicMatcher(registry: TopicRegistry): TopicMatcher {
  const compiled: CompiledTopic[] = registry.topics.map((topic, index) => ({
    topic,
    index,
    languages: new Set(topic.languages.map(primaryLanguage)),
    ...(topic.patterns.length > 0
      ? { pattern: new RegExp(topic.patterns.map((p) => `(?:${p})`).join('|'), 'iu') }
      : {}),
  }));
  const phrasesByFirstWord = new Map<string, Phrase[]>();
  const topicsByHashtag = new Map<string, number[]>();
  for (const { topic, index } of compiled) {
    for (const keyword of topic.keywords) {
      const words = wordsOf(keyword);
      if (words.length === 0) continue;
      push(phrasesByFirstWord, words[0], { rest: words.slice(1), topicIndex: index });
    }
    for (const hashtag of topic.hashtags) push(topicsByHashtag, hashtag, index);
  }

  return (post) => {
    const matched = new Array<boolean>(compiled.length).fill(false);
    const ascii = ASCII_ONLY.test(post.text);
    const words = wordsOf(post.text, ascii);
    words.forEach((word, position) => {
      for (const phrase of phrasesByFirstWord.get(word) ?? []) {
        if (
          !matched[phrase.topicIndex] &&
          phrase.rest.every((next, offset) => words[position + 1 + offset] === next)
        ) {
          matched[phrase.topicIndex] = true;
        }
      }
    });
    for (const hashtag of hashtagsOf(post, ascii)) {
      for (const topicIndex of topicsByHashtag.get(hashtag) ?? []) matched[topicIndex] = true;
    }
    const language = post.lang && post.lang !== 'und' ? primaryLanguage(post.lang) : undefined;
    const ids: string[] = [];
    for (const entry of compiled) {
      if (language !== undefined && entry.languages.size > 0 && !entry.languages.has(language)) continue;
      if (matched[entry.index] || entry.pattern?.test(post.text)) ids.push(entry.topic.id);
    }
    return ids;
  };
}

function wordsOf(text: string, ascii = ASCII_ONLY.test(text)): string[] {
  return text.toLowerCase().match(ascii ? ASCII_WORD : WORD) ?? [];
}

function hashtagsOf(post: TopicMatchInput, ascii: boolean): Set<string> {
  const hashtags = new Set<string>();
  for (const hashtag of post.hashtags ?? []) hashtags.add(hashtag.replace(/^#/, '').toLowerCase());
  for (const match of post.text.matchAll(ascii ? ASCII_HASHTAG_IN_TEXT : HASHTAG_IN_TEXT))
    hashtags.add(match[1].toLowerCase());
  return hashtags;
}

/** `pt-BR` and `pt` are the same language for matching; a region never excludes a post. */
function primaryLanguage(code: string): string {
  return code.toLowerCase().split('-')[0];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
