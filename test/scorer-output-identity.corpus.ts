import type { AuthorProfile } from '@riptide/contracts';
import {
  parseTopicRegistry,
  type Classification,
  type ClassifyOptions,
  type TextClassifier,
} from '@riptide/nlp';

/**
 * The fixed input of test/scorer-output-identity.test.ts: raw posts as a producer writes them to
 * `posts.raw` (some invalid, some with fields post/v1 does not know), the authors table, the topic
 * registry and deterministic classifiers. Everything here is fixed: changing it changes the golden.
 */

export const registry = parseTopicRegistry({
  schema: 'topics/v1',
  topics: [
    {
      id: 'climate',
      name: 'Climate',
      keywords: ['climate', 'global warming', 'klima'],
      hashtags: ['climate', 'klimawandel'],
      patterns: ['\\bco2\\b'],
      stance: { target: 'climate change is a real concern' },
    },
    {
      id: 'abortion',
      name: 'Abortion',
      keywords: ['abortion', 'pro-life', 'roe v wade'],
      hashtags: ['prolife', 'prochoice'],
      patterns: ['\\bfetus(es)?\\b'],
      stance: { target: 'abortion', model: 'small' },
      languages: ['en'],
    },
    { id: 'weather', name: 'Weather (counted, no stance)', keywords: ['rain', 'sunny', 'дождь'] },
    {
      id: 'hillary',
      name: 'Hillary',
      keywords: ['hillary clinton'],
      hashtags: ['hillary'],
      stance: { target: 'hillary', model: 'stance-four-labels' },
    },
    {
      id: 'atheism',
      name: 'Atheism',
      keywords: ['atheism', 'atheist', 'ateísmo'],
      stance: { target: 'atheism' },
      languages: ['en', 'es'],
    },
  ],
});

/** FNV-1a over UTF-16 code units: a stable number per string. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * Probabilities that look like a model's (float32, all magnitudes, some at the rounding edges) and
 * depend only on the text, the target and the classifier's id, so that the golden holds whatever the
 * trained models in models/ become.
 */
export class HashedClassifier implements TextClassifier {
  constructor(
    readonly id: string,
    readonly task: 'sentiment' | 'stance',
    readonly labels: readonly string[],
    readonly version = '1.0.0',
  ) {}

  async classify(texts: readonly string[], options: ClassifyOptions = {}): Promise<Classification[]> {
    return texts.map((text) => {
      const seed = hashOf(`${this.id}|${options.target ?? ''}|${text}`);
      const probs = new Float32Array(this.labels.length);
      const edge = seed % 7;
      if (edge === 0) {
        // Saturated: one label takes (almost) everything.
        probs.fill(0.00004999);
        probs[seed % this.labels.length] = 1 - 0.00004999 * (this.labels.length - 1);
      } else if (edge === 1) {
        // Values that round at the fourth decimal's half.
        probs.fill((1 - 0.33335) / (this.labels.length - 1));
        probs[seed % this.labels.length] = 0.33335;
      } else {
        let sum = 0;
        for (let i = 0; i < probs.length; i++) {
          const logit = (((seed >>> (i * 5)) & 31) - 12) / 3;
          probs[i] = Math.exp(logit);
          sum += probs[i];
        }
        for (let i = 0; i < probs.length; i++) probs[i] /= sum;
      }
      let best = 0;
      for (let i = 1; i < probs.length; i++) if (probs[i] > probs[best]) best = i;
      return { label: this.labels[best], probs };
    });
  }

  async close(): Promise<void> {}
}

export const profiles: AuthorProfile[] = [
  {
    schema: 'author/v1',
    author_id: 'a-0',
    platform: 'twitter',
    demographics: { age_group: '30-44', region: 'north', gender: 'female' },
    followers: 120,
    updated_at: '2026-10-01T00:00:00Z',
  },
  {
    schema: 'author/v1',
    author_id: 'a-1',
    platform: 'twitter',
    demographics: {},
    account_created_at: '2019-03-04T05:06:07.123+02:00',
    following: 0,
    verified: true,
    updated_at: '2026-10-02T00:00:00Z',
  },
  {
    schema: 'author/v1',
    author_id: 'a-2',
    platform: 'bluesky',
    demographics: { income: 'über 50k "high"', party: 'Grüne', education: 'tertiary\\uni' },
    updated_at: '2026-10-03T00:00:00Z',
  },
  {
    schema: 'author/v1',
    author_id: 'a-3',
    platform: 'mastodon',
    demographics: { region: '東京', age_group: '18-29' },
    followers: 987654321,
    verified: false,
    updated_at: '2026-10-04T00:00:00Z',
  },
];

const TEXTS = [
  '',
  'I love climate action and the #climate strike today',
  'global warming is a hoax, they say. Rain again tomorrow',
  'Roe v Wade was decided in 1973 https://example.org/roe?utm_source=tw&id=7',
  'The fetus debate: pro-life or pro choice? #ProLife #prochoice',
  'Klimawandel ist real! #Klimawandel 🌍🔥 CO2 steigt',
  'Опять дождь, и климат меняется. Когда будет солнце?',
  'hillary clinton speaks tonight #Hillary @someone "quoted" words \\ backslash',
  'El ateísmo crece en España según una encuesta reciente de este año',
  'an atheist walks into a bar with five other people and orders water',
  'tabs\tand\nnewlines\r\nand a bell \u0007 and nul \u0000 and line sep \u2028 end',
  'lone surrogate \ud800 here and a pair 😀 there, enough words to shingle',
  '日本語のテキスト、気候変動についての投稿です。雨が降っています',
  'so true',
  'check this out https://WWW.News.example:443/path/a?b=1&utm_medium=x&fbclid=2#frag and more',
  'CO2 levels, sunny skies, and abortion rights in one very long sentence about everything',
  'RT the same four words and more copied from someone else word for word',
  '<script>alert("x")</script> & ampersands & </tags> in a post with enough words',
];

const URLS = [
  'https://example.org/a?utm_source=x#f',
  'http://WWW.Example.org:80/b?',
  'https://news.example.co.uk/story?id=1&gclid=abc&ref=home',
  'ftp://files.example.org/x',
  'not a url',
  'https://xn--bcher-kva.example/päth?q=ü',
];

const LANGS: (string | null | undefined)[] = ['en', 'en-US', 'de', 'und', null, undefined, 'es', 'ru'];

/** Deterministic pseudo-random integers (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One raw `posts.raw` value per entry, as JSON text: valid posts of every shape, and some invalid ones. */
export function rawPosts(count = 160): string[] {
  const next = random(20261205);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const raws: string[] = [];
  for (let index = 0; index < count; index++) {
    const roll = next();
    const kind = roll < 0.25 ? 'repost' : roll < 0.35 ? 'quote' : roll < 0.45 ? 'reply' : 'original';
    const text = kind === 'repost' ? '' : pick(TEXTS);
    const post: Record<string, unknown> = {
      schema: 'post/v1',
      id: `p-${index}`,
      platform: pick(['twitter', 'bluesky', 'mastodon']),
      author_id: `a-${index % 7}`,
      created_at: new Date(Date.UTC(2026, 10, 1) + index * 1_234_567).toISOString(),
      text,
      kind,
    };
    const lang = pick(LANGS);
    if (lang !== undefined) post.lang = lang;
    if (kind !== 'original') post.referenced_post_id = `p-${Math.max(0, index - 3)}`;
    else if (next() < 0.2) post.referenced_post_id = null;
    // Absent arrays are read as []: leave some out.
    if (next() < 0.8) post.urls = next() < 0.4 ? [pick(URLS), ...(next() < 0.3 ? [pick(URLS)] : [])] : [];
    if (next() < 0.8)
      post.hashtags = next() < 0.5 ? [pick(['Climate', 'prolife', 'Hillary', 'ÉTÉ', 'x_y'])] : [];
    if (next() < 0.8) post.mentions = next() < 0.3 ? ['someone'] : [];
    if (next() < 0.8) post.media_hashes = next() < 0.15 ? [`phash:${(index * 7919).toString(16)}`] : [];
    if (next() < 0.3) post.author = next() < 0.5 ? { gender: 'male', region: 'süd' } : { age_group: '65+' };
    // Fields post/v1 does not know move into `extra`.
    if (next() < 0.15) post.source_ref = { tweet: index, nested: [1, 2.5, 'x', null, true] };
    if (next() < 0.05) post.extra = { kept: 'as sent' };
    raws.push(JSON.stringify(post));
  }
  // Invalid posts: the runtime dead-letters them before the scorer sees them.
  raws.push('{"schema":"post/v1","id":"broken"');
  raws.push(JSON.stringify({ schema: 'post/v2', id: 'wrong-schema' }));
  raws.push(
    JSON.stringify({
      schema: 'post/v1',
      id: 'repost-without-reference',
      platform: 'twitter',
      author_id: 'a-1',
      created_at: '2026-11-01T12:00:00Z',
      text: '',
      kind: 'repost',
    }),
  );
  raws.push(
    JSON.stringify({
      schema: 'post/v1',
      id: 'hash-in-hashtag',
      platform: 'twitter',
      author_id: 'a-1',
      created_at: '2026-11-01T12:00:00Z',
      text: 'x',
      kind: 'original',
      hashtags: ['#tag'],
    }),
  );
  raws.push('[1,2,3]');
  return raws;
}
