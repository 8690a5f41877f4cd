import { createLogger } from '@riptide/observability';

const log = createLogger('connector');

/**
 * Says why events are refused (malformed, oversized, contract violations), once per reason per
 * interval with the count since the last line: the metric counts every one, the log gives an operator
 * the message that explains them, and a broken source cannot flood the logs.
 */
export class SkipLog {
  private readonly lastLoggedAt = new Map<string, number>();
  private readonly unlogged = new Map<string, number>();

  constructor(
    private readonly intervalMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when this call logged (tests); `detail` is built only then. */
  refused(reason: string, detail: () => Record<string, unknown>): boolean {
    const at = this.now();
    const last = this.lastLoggedAt.get(reason);
    const since = (this.unlogged.get(reason) ?? 0) + 1;
    if (last !== undefined && at - last < this.intervalMs) {
      this.unlogged.set(reason, since);
      return false;
    }
    this.lastLoggedAt.set(reason, at);
    this.unlogged.set(reason, 0);
    log.warn({ reason, refusedSinceLastLine: since, ...detail() }, 'source event refused');
    return true;
  }
}
