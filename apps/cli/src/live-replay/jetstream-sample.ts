import { SampleRandom } from './sample-random';
import { HASHTAGS, isoAt, sampleLanguage, sampleLink, samplePhrases } from './sample-text';

/**
 * Seeded Bluesky Jetstream frames as `wss://jetstream*.bsky.network/subscribe` sends them (one JSON
 * event per WebSocket text message), shaped after the AT Protocol lexicons: app.bsky.feed.post (text,
 * langs, facets for links, mentions and tags, embeds external/images/video/record/recordWithMedia,
 * reply refs), reposts, likes, follows and other collections, delete and update commits, identity and
 * account events, in the firehose's proportions, time_us strictly increasing. Among them, a few frames
 * a live source must survive: truncated JSON, JSON that is not an object, posts that break the Post
 * contract, and oversized posts (an external embed's description far over the connector's event limit).
 */
export interface JetstreamSampleOptions {
  readonly seed: number;
  readonly events: number;
  /** time_us of the first event (µs since the epoch); later ones follow 50 to 1,500 µs apart. */
  readonly startTimeUs?: number;
  /** Size an oversized frame reaches at least (bytes). */
  readonly oversizedBytes?: number;
}

export const POST_COLLECTION = 'app.bsky.feed.post';
export const REPOST_COLLECTION = 'app.bsky.feed.repost';
const LIKE_COLLECTION = 'app.bsky.feed.like';
const FOLLOW_COLLECTION = 'app.bsky.graph.follow';
/** Collections a post source is not interested in, at their share of the firehose's other records. */
const OTHER_COLLECTIONS = ['app.bsky.graph.block', 'app.bsky.feed.threadgate', 'app.bsky.graph.listitem'];

const DEFAULT_START_TIME_US = Date.UTC(2026, 10, 2, 9) * 1000;
/** Over the connector's default CONNECTOR_MAX_EVENT_BYTES (262,144). */
const DEFAULT_OVERSIZED_BYTES = 270_000;
const AUTHORS = 400;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
/** The alphabet of record keys (TIDs): base32 whose order is the order of the numbers. */
const SORTABLE_BASE32 = '234567abcdefghijklmnopqrstuvwxyz';

/** Shares of the firehose by what an event is (per mille, roughly Jetstream's mix of all collections). */
const EVENT_MIX = {
  post: 200,
  repost: 70,
  like: 380,
  follow: 90,
  other: 30,
  deleteRecord: 50,
  profileUpdate: 20,
  postUpdate: 3,
  identity: 15,
  account: 10,
  malformed: 8,
  invalidPost: 3,
  oversized: 2,
} as const;

interface StrongRef {
  readonly uri: string;
  readonly cid: string;
}

interface CreatedRecord extends StrongRef {
  readonly did: string;
  readonly collection: string;
  readonly rkey: string;
}

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
type JsonRecord = { [key: string]: JsonValue };

/** Frames of the sample, in the order a server sends them. */
export function generateJetstreamFrames(options: JetstreamSampleOptions): string[] {
  return new JetstreamSampleWriter(options).frames();
}

class JetstreamSampleWriter {
  private readonly random: SampleRandom;
  private readonly authors: { did: string; handle: string }[] = [];
  /** Posts, reposts and likes created so far and not deleted: what replies, quotes and deletes name. */
  private readonly records: CreatedRecord[] = [];
  private readonly posts: CreatedRecord[] = [];
  private timeUs: number;
  private seq = 8_000_000_000;

  constructor(private readonly options: JetstreamSampleOptions) {
    this.random = new SampleRandom(options.seed);
    this.timeUs = options.startTimeUs ?? DEFAULT_START_TIME_US;
    for (let index = 0; index < AUTHORS; index++) {
      this.authors.push({
        did: `did:plc:${this.random.chars(BASE32, 24)}`,
        handle: `${this.random.pick(['alex', 'sam', 'kim', 'lena', 'yuki', 'news', 'ana'])}${index}.bsky.social`,
      });
    }
  }

  frames(): string[] {
    const frames: string[] = [];
    for (let index = 0; index < this.options.events; index++) {
      this.timeUs += this.random.int(50, 1_500);
      frames.push(this.frame());
    }
    return frames;
  }

  private frame(): string {
    const author = this.authors[this.random.skewedIndex(AUTHORS)];
    switch (this.random.weighted(EVENT_MIX)) {
      case 'post':
        return this.create(author.did, POST_COLLECTION, this.postRecord());
      case 'repost':
        return this.create(author.did, REPOST_COLLECTION, this.subjectRecord(REPOST_COLLECTION));
      case 'like':
        return this.create(author.did, LIKE_COLLECTION, this.subjectRecord(LIKE_COLLECTION));
      case 'follow':
        return this.create(author.did, FOLLOW_COLLECTION, {
          $type: FOLLOW_COLLECTION,
          subject: this.random.pick(this.authors).did,
          createdAt: this.createdAt(),
        });
      case 'other': {
        const collection = this.random.pick(OTHER_COLLECTIONS);
        return this.create(author.did, collection, { $type: collection, createdAt: this.createdAt() });
      }
      case 'deleteRecord':
        return this.deleteRecord() ?? this.create(author.did, POST_COLLECTION, this.postRecord());
      case 'profileUpdate':
        return this.commit(author.did, {
          rev: this.tid(),
          operation: 'update',
          collection: 'app.bsky.actor.profile',
          rkey: 'self',
          record: {
            $type: 'app.bsky.actor.profile',
            displayName: author.handle.split('.')[0],
            description: samplePhrases(this.random, 'en'),
          },
          cid: this.cid(),
        });
      case 'postUpdate':
        return this.updatePost() ?? this.create(author.did, POST_COLLECTION, this.postRecord());
      case 'identity':
        return this.event(author.did, 'identity', {
          did: author.did,
          handle: author.handle,
          seq: this.seq++,
          time: isoAt(this.timeUs / 1000),
        });
      case 'account':
        return this.event(author.did, 'account', {
          active: false,
          did: author.did,
          seq: this.seq++,
          status: 'deactivated',
          time: isoAt(this.timeUs / 1000),
        });
      case 'malformed':
        return this.malformed(author.did);
      case 'invalidPost':
        // Text must be a string: the Post contract refuses it, naming the field.
        return this.create(author.did, POST_COLLECTION, {
          ...this.postRecord(),
          text: this.random.int(1, 99),
        });
      case 'oversized':
        return this.oversized(author.did);
    }
  }

  private event(did: string, kind: string, body: JsonRecord): string {
    return JSON.stringify({ did, time_us: this.timeUs, kind, [kind]: body });
  }

  private commit(did: string, commit: JsonRecord): string {
    return this.event(did, 'commit', commit);
  }

  private create(did: string, collection: string, record: JsonRecord): string {
    const rkey = this.tid();
    const cid = this.cid();
    const created = { did, collection, rkey, cid, uri: `at://${did}/${collection}/${rkey}` };
    this.records.push(created);
    if (collection === POST_COLLECTION) this.posts.push(created);
    return this.commit(did, { rev: this.tid(), operation: 'create', collection, rkey, record, cid });
  }

  private deleteRecord(): string | undefined {
    if (this.records.length === 0) return undefined;
    const [record] = this.records.splice(this.random.int(0, this.records.length - 1), 1);
    const post = this.posts.indexOf(record);
    if (post >= 0) this.posts.splice(post, 1);
    return this.commit(record.did, {
      rev: this.tid(),
      operation: 'delete',
      collection: record.collection,
      rkey: record.rkey,
    });
  }

  /** Posts cannot be edited in the app, but the protocol allows an update of any record. */
  private updatePost(): string | undefined {
    if (this.posts.length === 0) return undefined;
    const post = this.random.pick(this.posts);
    return this.commit(post.did, {
      rev: this.tid(),
      operation: 'update',
      collection: POST_COLLECTION,
      rkey: post.rkey,
      record: this.postRecord(),
      cid: this.cid(),
    });
  }

  private malformed(did: string): string {
    switch (this.random.int(0, 3)) {
      case 0: {
        // Cut mid-frame, as a broken proxy or a truncated recording leaves it.
        const whole = this.commit(did, {
          rev: this.tid(),
          operation: 'create',
          collection: POST_COLLECTION,
          rkey: this.tid(),
          record: this.postRecord(),
          cid: this.cid(),
        });
        return whole.slice(0, Math.floor(whole.length / 2));
      }
      case 1:
        return JSON.stringify(['commit', did, this.timeUs]);
      case 2:
        return JSON.stringify('keepalive');
      default:
        return String(this.timeUs);
    }
  }

  private oversized(did: string): string {
    const record = this.postRecord();
    const filler = samplePhrases(this.random, 'en');
    const target = this.options.oversizedBytes ?? DEFAULT_OVERSIZED_BYTES;
    record.embed = {
      $type: 'app.bsky.embed.external',
      external: {
        uri: sampleLink(this.random),
        title: 'a page whose description was pasted in full',
        description: filler.repeat(Math.ceil(target / filler.length)),
      },
    };
    return this.create(did, POST_COLLECTION, record);
  }

  private postRecord(): JsonRecord {
    const language = sampleLanguage(this.random);
    const text = new FacetedText(samplePhrases(this.random, language));
    if (this.random.chance(0.15)) {
      const mentioned = this.random.pick(this.authors);
      text.append(' ');
      text.appendFaceted(`@${mentioned.handle}`, {
        $type: 'app.bsky.richtext.facet#mention',
        did: mentioned.did,
      });
    }
    if (this.random.chance(0.2)) {
      const link = sampleLink(this.random);
      text.append(' ');
      // Clients show a shortened link and keep the whole one in the facet.
      text.appendFaceted(`${link.replace(/^https:\/\//, '').slice(0, 26)}...`, {
        $type: 'app.bsky.richtext.facet#link',
        uri: link,
      });
    }
    if (this.random.chance(0.25)) {
      const tag = this.random.pick(HASHTAGS);
      text.append(' ');
      text.appendFaceted(`#${tag}`, { $type: 'app.bsky.richtext.facet#tag', tag });
    }
    const record: JsonRecord = { $type: POST_COLLECTION, createdAt: this.createdAt(), text: text.text };
    const langs = this.random.chance(0.06)
      ? undefined
      : this.random.chance(0.05)
        ? [language, language === 'en' ? 'es' : 'en']
        : [language];
    if (langs) record.langs = langs;
    if (text.facets.length > 0) record.facets = text.facets;
    if (this.random.chance(0.03)) record.tags = [this.random.pick(HASHTAGS)];
    const embed = this.embed();
    if (embed) record.embed = embed;
    if (this.posts.length > 0 && this.random.chance(0.2)) {
      const parent = this.ref(this.random.pick(this.posts));
      const root = this.random.chance(0.5) ? parent : this.ref(this.random.pick(this.posts));
      record.reply = { root, parent };
    }
    return record;
  }

  private embed(): JsonRecord | undefined {
    switch (
      this.random.weighted({ none: 54, external: 15, images: 15, record: 8, recordWithMedia: 4, video: 4 })
    ) {
      case 'none':
        return undefined;
      case 'external':
        return { $type: 'app.bsky.embed.external', external: this.external() };
      case 'images':
        return this.images();
      case 'video':
        return this.video();
      case 'record':
        return { $type: 'app.bsky.embed.record', record: this.quoted() };
      case 'recordWithMedia':
        return {
          $type: 'app.bsky.embed.recordWithMedia',
          record: { $type: 'app.bsky.embed.record', record: this.quoted() },
          media: this.random.chance(0.7) ? this.images() : this.video(),
        };
    }
  }

  private external(): JsonRecord {
    const external: JsonRecord = {
      uri: sampleLink(this.random),
      title: samplePhrases(this.random, 'en').slice(0, 60),
      description: samplePhrases(this.random, 'en'),
    };
    if (this.random.chance(0.6)) external.thumb = this.blob('image/jpeg');
    return external;
  }

  private images(): JsonRecord {
    return {
      $type: 'app.bsky.embed.images',
      images: Array.from({ length: this.random.int(1, 4) }, () => ({
        alt: this.random.chance(0.5) ? samplePhrases(this.random, 'en') : '',
        image: this.blob('image/jpeg'),
        aspectRatio: { width: 1200, height: this.random.pick([675, 900, 1200, 1600]) },
      })),
    };
  }

  private video(): JsonRecord {
    return {
      $type: 'app.bsky.embed.video',
      video: this.blob('video/mp4'),
      aspectRatio: { width: 1080, height: 1920 },
    };
  }

  /** A post to quote: one of the sample's, or one from before it began. */
  private quoted(): JsonRecord {
    if (this.posts.length > 0 && this.random.chance(0.7)) return this.ref(this.random.pick(this.posts));
    const did = this.random.pick(this.authors).did;
    return { uri: `at://${did}/${POST_COLLECTION}/${this.tid()}`, cid: this.cid() };
  }

  private subjectRecord(collection: string): JsonRecord {
    return { $type: collection, createdAt: this.createdAt(), subject: this.quoted() };
  }

  private ref(record: StrongRef): JsonRecord {
    return { uri: record.uri, cid: record.cid };
  }

  private blob(mimeType: string): JsonRecord {
    return {
      $type: 'blob',
      ref: { $link: this.cid() },
      mimeType,
      size: this.random.int(20_000, mimeType.startsWith('video') ? 40_000_000 : 1_000_000),
    };
  }

  /**
   * The client's clock, a little before the relay saw the record; now and then a time without a zone,
   * as some clients write it (the adapter falls back to time_us then).
   */
  private createdAt(): string {
    const iso = isoAt(this.timeUs / 1000 - this.random.int(50, 3_000));
    return this.random.chance(0.01) ? iso.slice(0, 19) : iso;
  }

  /** A record key or revision: a TID (µs timestamp and a clock id, 13 sortable base32 characters). */
  private tid(): string {
    let value = (BigInt(this.timeUs) << 10n) | BigInt(this.random.int(0, 1023));
    let text = '';
    for (let index = 0; index < 13; index++) {
      text = SORTABLE_BASE32[Number(value & 31n)] + text;
      value >>= 5n;
    }
    return text;
  }

  /** A CIDv1 (dag-cbor, sha-256) as the PDS prints it. */
  private cid(): string {
    return `bafyrei${this.random.chars(BASE32, 52)}`;
  }
}

/** Post text with its facets, whose indices count UTF-8 bytes as the lexicon requires. */
class FacetedText {
  readonly facets: JsonRecord[] = [];

  constructor(public text: string) {}

  append(plain: string): void {
    this.text += plain;
  }

  appendFaceted(visible: string, feature: JsonRecord): void {
    const byteStart = Buffer.byteLength(this.text);
    this.text += visible;
    this.facets.push({
      index: { byteStart, byteEnd: byteStart + Buffer.byteLength(visible) },
      features: [feature],
    });
  }
}
