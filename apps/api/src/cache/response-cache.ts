/** An answer as sent: the body's bytes and the headers that describe them. */
export interface CachedAnswer {
  readonly body: string;
  readonly headers: readonly (readonly [string, string])[];
}

interface Entry extends CachedAnswer {
  readonly version: string;
}

/**
 * Answers by request URL, each valid for the store version it was computed at, the least recently used
 * dropped first once their bodies pass `maxBytes`. Bodies are kept serialised: a hit costs a map lookup
 * and a write, no query and no JSON encoding.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(readonly maxBytes: number) {}

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  get(url: string, version: string): CachedAnswer | undefined {
    const entry = this.entries.get(url);
    if (entry === undefined) return undefined;
    this.entries.delete(url);
    if (entry.version !== version) {
      this.bytes -= entry.body.length;
      return undefined;
    }
    // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
    this.entries.set(url, entry);
    return entry;
  }

  set(url: string, version: string, answer: CachedAnswer): void {
    // An answer larger than a quarter of the cache would evict most of it for one URL.
    if (answer.body.length > this.maxBytes / 4) return;
    const previous = this.entries.get(url);
    if (previous !== undefined) {
      this.entries.delete(url);
      this.bytes -= previous.body.length;
    }
    this.entries.set(url, { ...answer, version });
    this.bytes += answer.body.length;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.body.length;
    }
  }
}
