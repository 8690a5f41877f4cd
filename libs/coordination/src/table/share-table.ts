import { Interner } from './interner';

/**
 * Shares in columns: row i is account `accounts[account[i]]` sharing object `objects[object[i]]`
 * at `time[i]` seconds, as content `content[i]`: the interned id of the post that did the sharing,
 * which CooRTweet uses to tell shares apart (it need not be unique: the russian sample has 40
 * content ids on two rows). Content strings are not kept; nothing downstream needs them.
 */
export interface ShareTable {
  readonly length: number;
  readonly account: Int32Array;
  readonly object: Int32Array;
  readonly content: Int32Array;
  readonly time: Float64Array;
  readonly accounts: readonly string[];
  readonly objects: readonly string[];
  readonly contentCount: number;
  /** 1 where the content id equals the object id (a post "sharing" itself: a CooRTweet loop). */
  readonly selfShare: Uint8Array;
}

/** Appends rows with interning; typed arrays grow by doubling. */
export class ShareTableBuilder {
  private readonly accountIds = new Interner();
  private readonly objectIds = new Interner();
  private readonly contentIds = new Interner();
  private account: Int32Array;
  private object: Int32Array;
  private content: Int32Array;
  private time: Float64Array;
  private selfShare: Uint8Array;
  private length = 0;

  constructor(expectedRows = 1024) {
    const capacity = Math.max(16, expectedRows);
    this.account = new Int32Array(capacity);
    this.object = new Int32Array(capacity);
    this.content = new Int32Array(capacity);
    this.time = new Float64Array(capacity);
    this.selfShare = new Uint8Array(capacity);
  }

  /** `content` defaults to the row number, i.e. every share is its own content. */
  add(account: string, object: string, time: number, content?: string): void {
    if (this.length === this.account.length) this.grow();
    const row = this.length++;
    this.account[row] = this.accountIds.intern(account);
    this.object[row] = this.objectIds.intern(object);
    // Without a content id every row is its own content; '\u0000' keeps those apart from real ids.
    this.content[row] = this.contentIds.intern(content ?? `\u0000${row}`);
    this.time[row] = time;
    this.selfShare[row] = content === object ? 1 : 0;
  }

  build(): ShareTable {
    const n = this.length;
    return {
      length: n,
      account: this.account.subarray(0, n),
      object: this.object.subarray(0, n),
      content: this.content.subarray(0, n),
      time: this.time.subarray(0, n),
      accounts: this.accountIds.values,
      objects: this.objectIds.values,
      contentCount: this.contentIds.size,
      selfShare: this.selfShare.subarray(0, n),
    };
  }

  private grow(): void {
    const capacity = this.account.length * 2;
    const account = new Int32Array(capacity);
    account.set(this.account);
    this.account = account;
    const object = new Int32Array(capacity);
    object.set(this.object);
    this.object = object;
    const content = new Int32Array(capacity);
    content.set(this.content);
    this.content = content;
    const time = new Float64Array(capacity);
    time.set(this.time);
    this.time = time;
    const selfShare = new Uint8Array(capacity);
    selfShare.set(this.selfShare);
    this.selfShare = selfShare;
  }
}

/** Builds a table from share objects (tests, small inputs). */
export function shareTableFrom(
  shares: Iterable<{ account: string; object: string; time: number; content?: string }>,
): ShareTable {
  const builder = new ShareTableBuilder();
  for (const share of shares) builder.add(share.account, share.object, share.time, share.content);
  return builder.build();
}
