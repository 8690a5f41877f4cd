import { readFileSync } from 'node:fs';

/** How posts matched to a topic are scored for stance. */
export interface TopicStance {
  /** Stance target the model was trained for, e.g. `abortion` (a SemEval-2016 target). */
  readonly target: string;
  /** Model that scores it: a tier (`small`, `accurate`) or the id of a pluggable classifier manifest. */
  readonly model?: string;
}

/** A tracked topic: what makes a post about it, and how its stance is scored. */
export interface Topic {
  readonly id: string;
  readonly name: string;
  /** Words or phrases, matched case-insensitively on whole words of the text. */
  readonly keywords: readonly string[];
  /** Hashtags without `#`, lower-cased. */
  readonly hashtags: readonly string[];
  /** Regular expressions (JavaScript syntax), matched case-insensitively on the text. */
  readonly patterns: readonly string[];
  /** Without a stance, matched posts are counted for the topic but get sentiment only. */
  readonly stance?: TopicStance;
  /** Language codes (`en`, `pt-BR`); empty means every language. */
  readonly languages: readonly string[];
}

export interface TopicRegistry {
  readonly topics: readonly Topic[];
}

export const TOPIC_REGISTRY_SCHEMA = 'topics/v1';

const TOPIC_ID = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const LANGUAGE_CODE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;

/** A bad registry: `field` is the path to the offending value, e.g. `topics[2].patterns[0]`. */
export class TopicConfigError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
    readonly source?: string,
  ) {
    super(`${source ? `${source}: ` : ''}${field}: ${problem}`);
    this.name = 'TopicConfigError';
  }
}

export function loadTopicRegistry(path: string): TopicRegistry {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(
      `${path}: cannot read the topic registry: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    return parseTopicRegistry(raw);
  } catch (error) {
    if (error instanceof TopicConfigError) throw new TopicConfigError(error.field, error.problem, path);
    throw error;
  }
}

/** Validates a registry document; the error names the first bad field and what is wrong with it. */
export function parseTopicRegistry(raw: unknown): TopicRegistry {
  const document = record(raw, '(root)');
  if (document.schema !== TOPIC_REGISTRY_SCHEMA) {
    throw new TopicConfigError(
      'schema',
      `expected "${TOPIC_REGISTRY_SCHEMA}", got ${JSON.stringify(document.schema)}`,
    );
  }
  allowOnly(document, ['schema', 'topics'], '(root)');
  if (!Array.isArray(document.topics)) throw new TopicConfigError('topics', 'expected an array of topics');
  const seen = new Set<string>();
  const topics = document.topics.map((entry: unknown, index: number) => {
    const topic = parseTopic(entry, `topics[${index}]`);
    if (seen.has(topic.id))
      throw new TopicConfigError(`topics[${index}].id`, `duplicate topic id "${topic.id}"`);
    seen.add(topic.id);
    return topic;
  });
  return { topics };
}

function parseTopic(raw: unknown, at: string): Topic {
  const entry = record(raw, at);
  allowOnly(entry, ['id', 'name', 'keywords', 'hashtags', 'patterns', 'stance', 'languages'], at);
  const id = text(entry.id, `${at}.id`);
  if (!TOPIC_ID.test(id)) {
    throw new TopicConfigError(
      `${at}.id`,
      `"${id}" must be 1-64 characters of a-z, 0-9, '_', '.', '-', starting with a letter or digit`,
    );
  }
  const keywords = texts(entry.keywords, `${at}.keywords`).map((keyword) => keyword.toLowerCase());
  const hashtags = texts(entry.hashtags, `${at}.hashtags`).map((hashtag, index) => {
    const bare = hashtag.replace(/^#/, '').toLowerCase();
    if (!/^[\p{L}\p{N}_]+$/u.test(bare)) {
      throw new TopicConfigError(
        `${at}.hashtags[${index}]`,
        `"${hashtag}" is not a hashtag (letters, digits and '_' only)`,
      );
    }
    return bare;
  });
  const patterns = texts(entry.patterns, `${at}.patterns`);
  patterns.forEach((pattern, index) => {
    try {
      new RegExp(pattern, 'iu');
    } catch (error) {
      throw new TopicConfigError(
        `${at}.patterns[${index}]`,
        `invalid regular expression: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  });
  if (keywords.length + hashtags.length + patterns.length === 0) {
    throw new TopicConfigError(
      at,
      'a topic needs at least one keyword, hashtag or pattern, or it can never match',
    );
  }
  const languages = texts(entry.languages, `${at}.languages`);
  languages.forEach((language, index) => {
    if (!LANGUAGE_CODE.test(language))
      throw new TopicConfigError(
        `${at}.languages[${index}]`,
        `"${language}" is not a language code such as "en" or "pt-BR"`,
      );
  });
  return {
    id,
    name: text(entry.name, `${at}.name`),
    keywords,
    hashtags,
    patterns,
    languages: languages.map((language) => language.toLowerCase()),
    ...(entry.stance === undefined ? {} : { stance: parseStance(entry.stance, `${at}.stance`) }),
  };
}

function parseStance(raw: unknown, at: string): TopicStance {
  const stance = record(raw, at);
  allowOnly(stance, ['target', 'model'], at);
  const target = text(stance.target, `${at}.target`);
  return stance.model === undefined ? { target } : { target, model: text(stance.model, `${at}.model`) };
}

function record(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TopicConfigError(at, 'expected an object');
  return value as Record<string, unknown>;
}

function allowOnly(value: Record<string, unknown>, fields: readonly string[], at: string): void {
  const unknown = Object.keys(value).find((key) => !fields.includes(key));
  // A misspelt field (e.g. "hashtag") would otherwise be ignored and silently match nothing.
  if (unknown !== undefined)
    throw new TopicConfigError(`${at}.${unknown}`, `unknown field (allowed: ${fields.join(', ')})`);
}

function text(value: unknown, at: string): string {
  if (typeof value !== 'string' || value.trim().length === 0)
    throw new TopicConfigError(at, 'expected a non-empty string');
  return value.trim();
}

function texts(value: unknown, at: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new TopicConfigError(at, 'expected an array of strings');
  return value.map((item: unknown, index: number) => text(item, `${at}[${index}]`));
}
