import type { SampleRandom } from './sample-random';

/**
 * What the live samples' posts say: short phrases in the languages seen most on Bluesky and Mastodon
 * (so that language filters have something to keep and drop), with emoji and accents (so that byte
 * offsets and character offsets differ, as they do in real facets).
 */
const PHRASES: Readonly<Record<string, readonly string[]>> = {
  en: [
    'the vote count tonight looks closer than the polls said',
    'everyone is sharing the same clip about the hospital funding',
    'read the whole thread before you reply 🙏',
    'this is the leaked memo they did not want you to see',
    'fact check: the numbers in that chart are from 2019',
    'live update from the rally, the crowd is huge today',
    'why this matters for the climate bill',
    'cannot believe the debate highlights missed that part 😂',
  ],
  de: [
    'die Wahlbeteiligung ist höher als erwartet',
    'wer hat das Video zuerst geteilt? 🤔',
    'Klimapolitik bleibt das große Thema der Woche',
    'ganz ehrlich, die Umfrage sagt etwas anderes',
  ],
  ja: ['今日の討論会は面白かった', '選挙の結果はまだわからない 🗳️', 'このニュースは本当ですか'],
  pt: ['a votação de hoje foi mais apertada do que parecia', 'alguém viu o debate ontem? 👀'],
  es: ['el debate de anoche fue un desastre', 'la encuesta dice lo contrario 📊'],
  fr: ['le débat de ce soir était très tendu', 'qui a partagé cette vidéo en premier ?'],
};

export const LANGUAGES = Object.keys(PHRASES);

export const HASHTAGS = [
  'election',
  'climate',
  'breaking',
  'factcheck',
  'Wahl2026',
  'news',
  'debate',
  'vote',
];

export const LINK_DOMAINS = [
  'www.news-daily.example',
  'apnews.example',
  'blog.example.org',
  'youtube.example',
  'substack.example',
];

/** A language as platforms choose it: mostly English, sometimes none declared. */
export function sampleLanguage(random: SampleRandom): string {
  return random.chance(0.55) ? 'en' : random.pick(LANGUAGES);
}

/** One to three phrases of `language`, joined as a post's text. */
export function samplePhrases(random: SampleRandom, language: string): string {
  const phrases = PHRASES[language] ?? PHRASES.en;
  return Array.from({ length: random.int(1, 3) }, () => random.pick(phrases)).join('. ');
}

/** A news link, some with the tracking parameters shared links carry. */
export function sampleLink(random: SampleRandom): string {
  const path = `https://${random.pick(LINK_DOMAINS)}/story/${random.int(1, 5000)}`;
  return random.chance(0.3) ? `${path}?utm_source=social&utm_medium=share` : path;
}

/** A time as the platforms write it: ISO 8601, UTC, milliseconds. */
export function isoAt(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
