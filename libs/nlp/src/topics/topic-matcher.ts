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
  /**
   * Lower-case text that every match of one of the topic's patterns starts with, one entry per
   * pattern; absent when a pattern has none. An ASCII post containing none of them cannot match, so
   * its regular expression is not run (most posts match no pattern, and each run scans the whole text).
   */
  readonly patternNeedles?: readonly string[];
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
      ? {
          pattern: new RegExp(topic.patterns.map((p) => `(?:${p})`).join('|'), 'iu'),
          ...needlesOf(topic.patterns),
        }
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
  const mayHaveKeyword = asciiFirstWordTest([...phrasesByFirstWord.keys()]);

  // Posts carry a handful of language codes: each is reduced to its primary language once.
  const primaryOf = new Map<string, string>();
  const primaryLanguageOf = (code: string) => {
    let primary = primaryOf.get(code);
    if (primary === undefined) primaryOf.set(code, (primary = primaryLanguage(code)));
    return primary;
  };

  return (post) => {
    const matched = new Array<boolean>(compiled.length).fill(false);
    const ascii = ASCII_ONLY.test(post.text);
    const lower = post.text.toLowerCase();
    const words = ascii && !mayHaveKeyword(lower) ? [] : (lower.match(ascii ? ASCII_WORD : WORD) ?? []);
    for (let position = 0; position < words.length; position++) {
      const phrases = phrasesByFirstWord.get(words[position]);
      if (phrases === undefined) continue;
      for (const phrase of phrases) {
        if (
          !matched[phrase.topicIndex] &&
          phrase.rest.every((next, offset) => words[position + 1 + offset] === next)
        ) {
          matched[phrase.topicIndex] = true;
        }
      }
    }
    for (const hashtag of hashtagsOf(post, ascii)) {
      for (const topicIndex of topicsByHashtag.get(hashtag) ?? []) matched[topicIndex] = true;
    }
    const language = post.lang && post.lang !== 'und' ? primaryLanguageOf(post.lang) : undefined;
    const ids: string[] = [];
    for (const entry of compiled) {
      if (language !== undefined && entry.languages.size > 0 && !entry.languages.has(language)) continue;
      if (matched[entry.index] || matchesPattern(entry, post.text, ascii ? lower : undefined))
        ids.push(entry.topic.id);
    }
    return ids;
  };
}

/**
 * Whether a lower-cased ASCII text has one of `firstWords` as a whole word (a maximal run of ASCII
 * letters and digits, as ASCII_WORD splits it): one scan instead of splitting every post into words,
 * when most posts hold no keyword. Words with other characters never occur in ASCII text.
 */
function asciiFirstWordTest(firstWords: readonly string[]): (asciiLower: string) => boolean {
  const ascii = firstWords.filter((word) => /^[a-z0-9]+$/.test(word));
  if (ascii.length === 0) return () => false;
  const anyWord = new RegExp(`(?<![a-z0-9])(?:${ascii.join('|')})(?![a-z0-9])`);
  return (asciiLower) => anyWord.test(asciiLower);
}

/** `asciiLower`: the lower-cased text when it is ASCII, where the needles decide a miss exactly. */
function matchesPattern(entry: CompiledTopic, text: string, asciiLower: string | undefined): boolean {
  if (!entry.pattern) return false;
  if (asciiLower !== undefined && entry.patternNeedles?.every((needle) => !asciiLower.includes(needle)))
    return false;
  return entry.pattern.test(text);
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(ASCII_ONLY.test(text) ? ASCII_WORD : WORD) ?? [];
}

const NO_HASHTAGS: ReadonlySet<string> = new Set();

function hashtagsOf(post: TopicMatchInput, ascii: boolean): ReadonlySet<string> {
  if ((post.hashtags === undefined || post.hashtags.length === 0) && !post.text.includes('#'))
    return NO_HASHTAGS;
  const hashtags = new Set<string>();
  for (const hashtag of post.hashtags ?? []) hashtags.add(hashtag.replace(/^#/, '').toLowerCase());
  if (!post.text.includes('#')) return hashtags;
  for (const match of post.text.matchAll(ascii ? ASCII_HASHTAG_IN_TEXT : HASHTAG_IN_TEXT))
    hashtags.add(match[1].toLowerCase());
  return hashtags;
}

/**
 * The needles of a topic's patterns (CompiledTopic.patternNeedles), or nothing when one pattern has
 * no literal start to look for.
 */
function needlesOf(patterns: readonly string[]): { patternNeedles?: string[] } {
  const needles = patterns.map(literalStart);
  return needles.every((needle) => needle !== undefined) ? { patternNeedles: needles } : {};
}

/**
 * The ASCII letters, digits and spaces every match of `pattern` starts with (after an optional
 * leading `\b`), lower-cased, when there are at least two; undefined when the pattern has a top-level
 * `|` (its alternatives start differently). A character followed by `?`, `*` or `{` may be absent,
 * so the literal stops before it; one followed by `+` is required once, so it stops after it. Only
 * ASCII characters are taken: on ASCII text, case-insensitive matching of them is ASCII case folding.
 */
export function literalStart(pattern: string): string | undefined {
  if (hasTopLevelAlternation(pattern)) return undefined;
  let literal = '';
  for (let at = pattern.startsWith('\\b') ? 2 : 0; at < pattern.length; at++) {
    if (!/[A-Za-z0-9 ]/.test(pattern[at])) break;
    const next = pattern[at + 1];
    if (next === '?' || next === '*' || next === '{') break;
    literal += pattern[at].toLowerCase();
    if (next === '+') break;
  }
  return literal.length >= 2 ? literal : undefined;
}

function hasTopLevelAlternation(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let at = 0; at < pattern.length; at++) {
    const char = pattern[at];
    if (char === '\\') at++;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '|' && depth === 0) return true;
  }
  return false;
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
