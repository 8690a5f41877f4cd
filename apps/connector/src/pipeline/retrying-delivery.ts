import { createLogger } from '@riptide/observability';
import { backoffDelayMs, type OutboundMessage } from '@riptide/stream';

const log = createLogger('connector');

export interface RetryPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** Thrown by a delivery given up because the connector closes: its events stay unacknowledged. */
export class DeliveryAbandoned extends Error {
  override readonly name = 'DeliveryAbandoned';
}

/**
 * Sends each batch until Kafka acknowledges it. The producer already retries a send for a while; when
 * it gives up, the batch is sent again with a capped, jittered backoff, for as long as it takes: a
 * connector that dropped posts could not tell anyone which. While any batch fails, `problem` says why
 * (for /ready), and back-pressure stops the source since the batch's bytes stay pending.
 */
export class RetryingDelivery {
  private readonly failing = new Map<number, string>();
  private nextId = 0;
  private abandoned = false;
  private readonly wakeSleepers = new Set<() => void>();

  constructor(
    private readonly send: (messages: readonly OutboundMessage[]) => Promise<void>,
    private readonly policy: RetryPolicy,
  ) {}

  /** Why deliveries fail right now; null while they succeed. */
  get problem(): string | null {
    return this.failing.values().next().value ?? null;
  }

  async deliver(messages: readonly OutboundMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const id = this.nextId++;
    const since = new Date().toISOString();
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await this.send(messages);
          return;
        } catch (error) {
          if (this.abandoned) throw new DeliveryAbandoned((error as Error).message);
          const reason = `Kafka has not acknowledged a batch of ${messages.length} messages since ${since} (${attempt + 1} attempts): ${(error as Error).message}`;
          this.failing.set(id, reason);
          log.warn(
            { attempt: attempt + 1, error: (error as Error).message },
            'batch not acknowledged; retrying',
          );
          await this.sleep(backoffDelayMs(attempt, this.policy.initialMs, this.policy.maxMs));
          if (this.abandoned) throw new DeliveryAbandoned(reason);
        }
      }
    } finally {
      this.failing.delete(id);
    }
  }

  /** Stops every retry after its current attempt (on close, once the grace period is over). */
  abandon(): void {
    this.abandoned = true;
    for (const wake of this.wakeSleepers) wake();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakeSleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeSleepers.add(wake);
    });
  }
}
