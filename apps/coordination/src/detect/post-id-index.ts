/**
 * The co-share detector pairs accounts, not posts, yet an analyst's evidence is the two posts. This
 * remembers which post each buffered share came from, for as long as the detector can still pair it
 * (event time within the longest window plus lateness), and forgets it afterwards: memory follows the
 * window, like the detector's own. Keys are `(object, account, time)`: two posts of one account on one
 * object at the same second resolve to the later one.
 */
export class PostIdIndex {
  private readonly posts = new Map<string, string>();
  /** Insertion order with event times, for eviction from the head. */
  private keys: string[] = [];
  private times: number[] = [];
  private head = 0;

  remember(object: string, account: string, time: number, postId: string): void {
    const key = indexKey(object, account, time);
    if (!this.posts.has(key)) {
      this.keys.push(key);
      this.times.push(time);
    }
    this.posts.set(key, postId);
  }

  postOf(object: string, account: string, time: number): string {
    const post = this.posts.get(indexKey(object, account, time));
    // The detector only pairs shares this index still holds; a miss means the two drifted apart.
    if (post === undefined)
      throw new Error(`no post remembered for account ${account} on ${object} at ${time}`);
    return post;
  }

  /**
   * Forgets shares older than `horizon`, walking from the oldest inserted. Shares that arrived out of
   * order stay a little longer than needed, which is harmless.
   */
  evictBefore(horizon: number): void {
    while (this.head < this.keys.length && this.times[this.head] < horizon) {
      this.posts.delete(this.keys[this.head]);
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.keys.length) {
      this.keys = this.keys.slice(this.head);
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }

  get size(): number {
    return this.posts.size;
  }
}

function indexKey(object: string, account: string, time: number): string {
  return `${time}\u0000${account}\u0000${object}`;
}
