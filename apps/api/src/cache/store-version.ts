import { sql } from 'kysely';
import type { Store } from '@riptide/store';

/**
 * A number that changes whenever the store's materialised rows may have changed, so that answers
 * computed from them can be reused until it does. The materialisers of this process bump it after every
 * batch they write; a poll of `materialiser_offsets` notices writes by anyone else (another api instance
 * on the same database, `riptide db reset`) within one interval.
 */
export class StoreVersion {
  private local = 0;
  private polled = '';
  private timer?: NodeJS.Timeout;

  get current(): string {
    return `${this.local}/${this.polled}`;
  }

  /** A batch was written here: answers computed before it are stale. */
  bump(): void {
    this.local++;
  }

  /** Polls every `intervalMs`; a failed poll keeps the last value (the api answers from the store anyway). */
  start(store: Store, intervalMs: number): Promise<void> {
    const poll = async () => {
      // The sum of positions moves with every applied batch; the row count catches a reset to offsets
      // that happen to sum the same.
      const { rows } = await sql<{ position: string; partitions: string }>`
        select coalesce(sum(next_offset), 0)::text as position, count(*)::text as partitions
        from materialiser_offsets`.execute(store.db);
      this.polled = `${rows[0].position}:${rows[0].partitions}`;
    };
    clearInterval(this.timer);
    this.timer = setInterval(() => void poll().catch(() => undefined), intervalMs).unref();
    return poll();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
