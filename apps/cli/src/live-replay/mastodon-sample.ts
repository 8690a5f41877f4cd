import { SampleRandom } from './sample-random';
import { HASHTAGS, isoAt, sampleLanguage, sampleLink, samplePhrases } from './sample-text';

/**
 * Seeded Mastodon statuses as the REST API and the streaming API's `update` events carry them
 * (docs.joinmastodon.org/entities/Status): HTML content with links, mentions and hashtags (the markup
 * Mastodon writes), tags and mentions arrays, link cards, media with blurhashes, replies, reblogs, quotes
 * (4.4's accepted quote), content warnings, a language (sometimes none), local and remote accounts,
 * mostly public with a few unlisted and private ones. Ids are snowflakes (milliseconds × 2^16 plus a
 * sequence: 18 digits, beyond a double's exact integers), increasing in publication order. Some
 * statuses are deleted a little after they were published.
 */
export interface MastodonTimeline {
  /** In publication order. */
  readonly statuses: readonly MastodonStatusJson[];
  /** `id` is deleted once `after` statuses have been published. */
  readonly deletes: readonly MastodonDelete[];
}

export interface MastodonDelete {
  readonly id: string;
  readonly after: number;
}

export type MastodonStatusJson = { readonly id: string; [field: string]: unknown };

export interface MastodonSampleOptions {
  readonly seed: number;
  readonly statuses: number;
  /** The instance the statuses are read from; its accounts are local (acct without a domain). */
  readonly domain?: string;
  /** Publication time of the first status (ms since the epoch). */
  readonly startMs?: number;
}

const DEFAULT_DOMAIN = 'mastodon.example';
const REMOTE_DOMAINS = ['social.example', 'fosstodon.example', 'chaos.example', 'mstdn.example'];
const DEFAULT_START_MS = Date.UTC(2026, 10, 2, 9);
const ACCOUNTS = 150;
const BLURHASH_ALPHABET =
  '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~';

interface Account {
  readonly id: string;
  readonly username: string;
  readonly acct: string;
  readonly url: string;
  readonly uri: string;
  readonly json: Record<string, unknown>;
}

export function generateMastodonTimeline(options: MastodonSampleOptions): MastodonTimeline {
  return new MastodonSampleWriter(options).timeline();
}

class MastodonSampleWriter {
  private readonly random: SampleRandom;
  private readonly domain: string;
  private readonly accounts: Account[] = [];
  private readonly statuses: MastodonStatusJson[] = [];
  /** Statuses that are not reblogs: what a reblog, a reply or a quote names (reblogs never nest). */
  private readonly originals: MastodonStatusJson[] = [];
  private nowMs: number;
  private lastId = 0n;

  constructor(private readonly options: MastodonSampleOptions) {
    this.random = new SampleRandom(options.seed);
    this.domain = options.domain ?? DEFAULT_DOMAIN;
    this.nowMs = options.startMs ?? DEFAULT_START_MS;
    for (let index = 0; index < ACCOUNTS; index++) this.accounts.push(this.account(index));
  }

  timeline(): MastodonTimeline {
    const deletes: MastodonDelete[] = [];
    for (let index = 0; index < this.options.statuses; index++) {
      this.nowMs += this.random.int(20, 900);
      const status = this.status();
      this.statuses.push(status);
      if (!status.reblog) this.originals.push(status);
      if (this.random.chance(0.04)) {
        const after = Math.min(this.options.statuses, index + 1 + this.random.int(5, 60));
        deletes.push({ id: status.id, after });
      }
    }
    deletes.sort((a, b) => a.after - b.after);
    return { statuses: this.statuses, deletes };
  }

  private account(index: number): Account {
    const username = `${this.random.pick(['maria', 'jon', 'reporter', 'eco', 'dev', 'lina', 'bot'])}${index}`;
    const domain = this.random.chance(0.6) ? this.domain : this.random.pick(REMOTE_DOMAINS);
    const local = domain === this.domain;
    const id = this.snowflake(Date.UTC(2022, 10, 1) + index * 86_400_000);
    const url = `https://${domain}/@${username}`;
    const uri = `https://${domain}/users/${username}`;
    return {
      id,
      username,
      acct: local ? username : `${username}@${domain}`,
      url,
      uri,
      json: {
        id,
        username,
        acct: local ? username : `${username}@${domain}`,
        display_name: username.replace(/\d+$/, '').toUpperCase(),
        locked: false,
        bot: username.startsWith('bot'),
        discoverable: true,
        group: false,
        created_at: isoAt(Date.UTC(2022, 10, 1) + index * 86_400_000),
        note: `<p>${escapeHtml(samplePhrases(this.random, 'en'))}</p>`,
        url,
        uri,
        avatar: `https://files.${domain}/accounts/avatars/${id}.png`,
        followers_count: this.random.int(0, 20_000),
        following_count: this.random.int(0, 2_000),
        statuses_count: this.random.int(1, 50_000),
        emojis: [],
        fields: [],
      },
    };
  }

  private status(): MastodonStatusJson {
    const account = this.accounts[this.random.skewedIndex(ACCOUNTS)];
    const id = this.snowflake(this.nowMs);
    if (this.originals.length > 0 && this.random.chance(0.08)) {
      // A reblog wraps the status it boosts and says nothing of its own.
      return {
        ...this.envelope(id, account, 'public'),
        content: '',
        reblog: this.random.pick(this.originals),
      };
    }
    const language = this.random.chance(0.05) ? null : sampleLanguage(this.random);
    const body = this.content(language ?? 'en');
    const visibility = this.random.weighted({ public: 92, unlisted: 4, private: 4 });
    const status: MastodonStatusJson = {
      ...this.envelope(id, account, visibility),
      language,
      content: body.html,
      mentions: body.mentions,
      tags: body.tags,
      card: body.link && this.random.chance(0.6) ? this.card(body.link) : null,
      media_attachments: this.random.chance(0.15) ? this.media() : [],
    };
    if (this.random.chance(0.04)) {
      status.spoiler_text = 'politics';
      status.sensitive = true;
    }
    if (this.originals.length > 0 && this.random.chance(0.15)) {
      const parent = this.random.pick(this.originals);
      status.in_reply_to_id = parent.id;
      status.in_reply_to_account_id = (parent.account as { id: string }).id;
    } else if (this.originals.length > 0 && this.random.chance(0.03)) {
      status.quote = { state: 'accepted', quoted_status: this.random.pick(this.originals) };
    }
    return status;
  }

  /** The fields every status has, with the values of a plain original one. */
  private envelope(id: string, account: Account, visibility: string): MastodonStatusJson {
    const local = !account.acct.includes('@');
    // A remote status's uri and url are its home server's; the id is this instance's own.
    const home = local ? id : this.snowflake(this.nowMs - this.random.int(100, 5_000));
    return {
      id,
      created_at: isoAt(this.nowMs),
      in_reply_to_id: null,
      in_reply_to_account_id: null,
      sensitive: false,
      spoiler_text: '',
      visibility,
      language: null,
      uri: `${account.uri}/statuses/${home}`,
      url: `${account.url}/${home}`,
      replies_count: this.random.int(0, 12),
      reblogs_count: this.random.int(0, 40),
      favourites_count: this.random.int(0, 120),
      edited_at: null,
      content: '',
      reblog: null,
      ...(local ? { application: { name: 'Web', website: null } } : {}),
      account: account.json,
      media_attachments: [],
      mentions: [],
      tags: [],
      emojis: [],
      card: null,
      poll: null,
    };
  }

  /** Content as Mastodon renders it: paragraphs, line breaks, escaped text, its link markup. */
  private content(language: string): {
    html: string;
    mentions: Record<string, unknown>[];
    tags: Record<string, unknown>[];
    link: string | undefined;
  } {
    const paragraphs = [escapeHtml(samplePhrases(this.random, language))];
    if (this.random.chance(0.2)) paragraphs[0] += `<br />${escapeHtml(samplePhrases(this.random, language))}`;
    if (this.random.chance(0.15)) paragraphs.push(escapeHtml(`Q&A tonight, "don't miss it"`));
    const mentions: Record<string, unknown>[] = [];
    if (this.random.chance(0.2)) {
      const mentioned = this.random.pick(this.accounts);
      mentions.push({
        id: mentioned.id,
        username: mentioned.username,
        url: mentioned.url,
        acct: mentioned.acct,
      });
      paragraphs[0] =
        `<span class="h-card" translate="no"><a href="${mentioned.url}" class="u-url mention">@<span>` +
        `${mentioned.username}</span></a></span> ${paragraphs[0]}`;
    }
    let link: string | undefined;
    if (this.random.chance(0.3)) {
      link = sampleLink(this.random);
      const shown = link.replace(/^https:\/\//, '');
      paragraphs[paragraphs.length - 1] +=
        ` <a href="${escapeHtml(link)}" target="_blank" rel="nofollow noopener" translate="no">` +
        `<span class="invisible">https://</span><span class="ellipsis">${escapeHtml(shown.slice(0, 30))}</span>` +
        `<span class="invisible">${escapeHtml(shown.slice(30))}</span></a>`;
    }
    const tags: Record<string, unknown>[] = [];
    if (this.random.chance(0.35)) {
      const tag = this.random.pick(HASHTAGS);
      const url = `https://${this.domain}/tags/${tag.toLowerCase()}`;
      tags.push({ name: tag.toLowerCase(), url });
      paragraphs[paragraphs.length - 1] +=
        ` <a href="${url}" class="mention hashtag" rel="tag">#<span>${tag}</span></a>`;
    }
    return { html: paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join(''), mentions, tags, link };
  }

  private card(url: string): Record<string, unknown> {
    return {
      url,
      title: samplePhrases(this.random, 'en').slice(0, 70),
      description: samplePhrases(this.random, 'en'),
      type: 'link',
      author_name: '',
      author_url: '',
      provider_name: url.split('/')[2],
      provider_url: '',
      html: '',
      width: 400,
      height: 210,
      image: null,
      embed_url: '',
      blurhash: this.blurhash(),
    };
  }

  private media(): Record<string, unknown>[] {
    return Array.from({ length: this.random.int(1, 3) }, () => {
      const id = this.snowflake(this.nowMs - this.random.int(1_000, 60_000));
      return {
        id,
        type: 'image',
        url: `https://files.${this.domain}/media_attachments/files/${id}/original/photo.jpg`,
        preview_url: `https://files.${this.domain}/media_attachments/files/${id}/small/photo.jpg`,
        remote_url: null,
        meta: { original: { width: 1600, height: 900, size: '1600x900', aspect: 1.7777777777777777 } },
        description: this.random.chance(0.6) ? samplePhrases(this.random, 'en') : null,
        blurhash: this.blurhash(),
      };
    });
  }

  /** A blurhash of a 4×3-component image: a perceptual summary of the picture, 28 characters. */
  private blurhash(): string {
    return `L${this.random.chars(BLURHASH_ALPHABET, 27)}`;
  }

  /** Mastodon's ids: milliseconds shifted by 16 bits, a sequence in the low bits; strictly increasing. */
  private snowflake(atMs: number): string {
    let id = (BigInt(Math.floor(atMs)) << 16n) | BigInt(this.random.int(0, 65_535));
    if (atMs === this.nowMs) {
      if (id <= this.lastId) id = this.lastId + 1n;
      this.lastId = id;
    }
    return id.toString();
  }
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
