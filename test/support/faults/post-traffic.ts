import { setTimeout as sleep } from 'node:timers/promises';

export interface PostTrafficOptions {
  /** Ingest's base URL; or a function, when the test moves it. */
  readonly ingestUrl: () => string;
  readonly apiKey: string;
  readonly postsPerSecond: number;
  /** Accounts of the planted campaign: each of them reposts every campaign object within a second. */
  readonly campaignAccounts: readonly string[];
  /** Prefix of every post id of this run. */
  readonly runId: string;
}

const TICK_MS = 200;
const MAX_BATCH = 500;
const ORGANIC_ACCOUNTS = 20_000;
const ORGANIC_OBJECTS = 5_000;

/**
 * A client of ingest at a fixed rate, as a well-behaved producer of posts would be: it sends batches
 * in order, and when ingest refuses one (503 while the broker is away) or does not answer (ingest
 * killed), it keeps the batch and resends it after `Retry-After`: posts are keyed by id, so a resend is
 * harmless. Every fifth tick the campaign accounts repost one new object within a second of each
 * other; the rest is organic reposting of random objects by random accounts.
 */
export class PostTraffic {
  readonly accepted = new Set<string>();
  /** Responses by status (0: no answer). */
  readonly statuses = new Map<number, number>();
  private readonly pending: Record<string, unknown>[] = [];
  private generated = 0;
  private ticks = 0;
  private generating = false;
  private sending?: Promise<void>;
  private stopped = false;

  constructor(private readonly options: PostTrafficOptions) {}

  get generatedCount(): number {
    return this.generated;
  }

  start(): void {
    this.generating = true;
    void this.generate();
    this.sending = this.send();
  }

  /** Stops generating; resolves once every generated post was accepted, or rejects after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    this.generating = false;
    const deadline = Date.now() + timeoutMs;
    while (this.pending.length > 0) {
      if (Date.now() > deadline)
        throw new Error(`${this.pending.length} posts still unacknowledged by ingest after ${timeoutMs} ms`);
      await sleep(100);
    }
    this.stopped = true;
    await this.sending;
  }

  private async generate(): Promise<void> {
    const perTick = Math.max(1, Math.round((this.options.postsPerSecond * TICK_MS) / 1000));
    while (this.generating) {
      const now = Date.now();
      const campaignTick = this.ticks++ % 5 === 0;
      const campaign = campaignTick ? this.options.campaignAccounts : [];
      const object = `campaign-${this.options.runId}-${this.ticks}`;
      campaign.forEach((account, i) => this.pending.push(this.repost(account, object, now + i * 100)));
      for (let i = campaign.length; i < perTick; i++) {
        const account = `organic-${Math.floor(Math.random() * ORGANIC_ACCOUNTS)}`;
        const organicObject = `organic-${Math.floor(Math.random() * ORGANIC_OBJECTS)}`;
        this.pending.push(this.repost(account, organicObject, now));
      }
      await sleep(TICK_MS);
    }
  }

  private repost(account: string, object: string, atMs: number): Record<string, unknown> {
    const id = `${this.options.runId}-${this.generated++}`;
    return {
      id,
      platform: 'twitter',
      author_id: account,
      created_at: new Date(atMs).toISOString(),
      text: '',
      lang: 'en',
      kind: 'repost',
      referenced_post_id: object,
      urls: [],
      hashtags: [],
      mentions: [],
      media_hashes: [],
    };
  }

  private async send(): Promise<void> {
    while (!this.stopped) {
      if (this.pending.length === 0) {
        await sleep(50);
        continue;
      }
      const batch = this.pending.slice(0, MAX_BATCH);
      const { status, retryAfterMs } = await this.post(batch);
      this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
      if (status === 202) {
        this.pending.splice(0, batch.length);
        for (const post of batch) this.accepted.add(post.id as string);
      } else {
        await sleep(retryAfterMs);
      }
    }
  }

  private async post(batch: Record<string, unknown>[]): Promise<{ status: number; retryAfterMs: number }> {
    try {
      const response = await fetch(`${this.options.ingestUrl()}/v1/posts`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-ndjson',
          authorization: `Bearer ${this.options.apiKey}`,
        },
        body: batch.map((post) => JSON.stringify(post)).join('\n'),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await response.json().catch(() => ({}))) as { rejected?: number };
      if (response.status === 202 && body.rejected)
        throw new Error(`ingest rejected ${body.rejected} generated posts: ${JSON.stringify(body)}`);
      const retryAfter = Number(response.headers.get('retry-after'));
      const retryAfterMs = Number.isFinite(retryAfter) ? Math.max(200, retryAfter * 1000) : 1_000;
      return { status: response.status, retryAfterMs };
    } catch (error) {
      if ((error as Error).message.startsWith('ingest rejected')) throw error;
      return { status: 0, retryAfterMs: 1_000 };
    }
  }
}
