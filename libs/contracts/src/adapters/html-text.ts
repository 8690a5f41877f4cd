// The small subset of HTML that federated statuses carry (Mastodon sanitises `content` down to p,
// br, a, span and a few inline and block tags), read without a DOM: this runs for every status.

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

const ENTITY = /&(?:#[xX]([0-9a-fA-F]{1,6})|#(\d{1,7})|([a-zA-Z]+));/g;

function decodeCodePoint(codePoint: number, entity: string): string {
  const isSurrogate = codePoint >= 0xd800 && codePoint <= 0xdfff;
  return codePoint > 0 && codePoint <= 0x10ffff && !isSurrogate ? String.fromCodePoint(codePoint) : entity;
}

/** `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;` and numeric references; others are left as written. */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (entity, hex?: string, decimal?: string, name?: string) => {
    if (hex !== undefined) return decodeCodePoint(parseInt(hex, 16), entity);
    if (decimal !== undefined) return decodeCodePoint(Number(decimal), entity);
    return NAMED_ENTITIES[name!.toLowerCase()] ?? entity;
  });
}

const LINE_BREAK = /<br\s*\/?>/gi;
const LIST_ITEM_END = /<\/li\s*>/gi;
// Paragraphs and other blocks end in a blank line, as they read on screen.
const BLOCK_END = /<\/(?:p|blockquote|pre|h[1-6]|ul|ol)\s*>/gi;
const TAG = /<[^>]*>/g;
const EXCESS_BLANK_LINES = /\n{3,}/g;

/**
 * The text a reader sees: `<br>` is a newline, paragraphs are separated by a blank line, tags are
 * dropped with their text kept (Mastodon's hidden `https://` spans included, so links read whole),
 * and entities are decoded.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(LINE_BREAK, '\n')
    .replace(LIST_ITEM_END, '\n')
    .replace(BLOCK_END, '\n\n')
    .replace(TAG, '');
  return decodeHtmlEntities(text).replace(EXCESS_BLANK_LINES, '\n\n').trim();
}

export interface HtmlAnchor {
  readonly href: string;
  /** The class attribute split on whitespace; empty when absent. */
  readonly classes: readonly string[];
}

const ANCHOR_TAG = /<a\s[^>]*>/gi;

function attributePattern(name: string): RegExp {
  return new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i');
}

const HREF = attributePattern('href');
const CLASS = attributePattern('class');

function attribute(tag: string, pattern: RegExp): string | undefined {
  const match = pattern.exec(tag);
  return match ? decodeHtmlEntities(match[1] ?? match[2] ?? match[3]) : undefined;
}

/** Every `<a href>` of the HTML, in order, with its classes (Mastodon marks mentions and hashtags by class). */
export function htmlAnchors(html: string): HtmlAnchor[] {
  const anchors: HtmlAnchor[] = [];
  for (const [tag] of html.matchAll(ANCHOR_TAG)) {
    const href = attribute(tag, HREF);
    if (href === undefined || href === '') continue;
    const classes = attribute(tag, CLASS)?.split(/\s+/).filter(Boolean) ?? [];
    anchors.push({ href, classes });
  }
  return anchors;
}
