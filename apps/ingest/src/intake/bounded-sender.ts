import type { OutboundMessage } from '@riptide/stream';

/** Why a batch was not confirmed: Kafka did not acknowledge in time, refused it, or too much already waits. */
export type UnconfirmedReason = 'ack_timeout' | 'producer_error' | 'pending_limit';

export class UnconfirmedError extends Error {
  override readonly name = 'UnconfirmedError';
  constructor(
    readonly reason: UnconfirmedReason,
    message: string,
  ) {
    super(message);
  }
}

export interface BoundedSenderLimits {
  /** How long a batch may wait for Kafka's acknowledgement before the client is told it is not confirmed. */
  readonly ackTimeoutMs: number;
  /** Bytes of records sent and not yet settled (acknowledged or failed), past which batches are refused at once. */
  readonly maxPendingBytes: number;
}

/**
 * Puts a time bound and a memory bound on "respond only after Kafka acknowledged". The producer retries
 * a dead broker for a long time (and queues later sends behind it); a client must not hang that long,
 * so each send races a timer. The send itself cannot be cancelled and may still land later, so its
 * bytes count as pending until it settles, not until the client was answered: that is what bounds
 * memory while the broker is away, and past `maxPendingBytes` a batch is refused without being sent.
 */
export class BoundedSender {
  private pendingBytes = 0;

  constructor(
    private readonly send: (messages: readonly OutboundMessage[]) => Promise<void>,
    readonly limits: BoundedSenderLimits,
    /** Told the pending bytes whenever they change (for a gauge). */
    private readonly onPending: (bytes: number) => void = () => undefined,
  ) {}

  get pending(): number {
    return this.pendingBytes;
  }

  async sendWithin(messages: readonly OutboundMessage[], bytes: number): Promise<void> {
    // One batch is always let through when nothing waits, however large, so no batch is refused forever.
    if (this.pendingBytes > 0 && this.pendingBytes + bytes > this.limits.maxPendingBytes)
      throw new UnconfirmedError(
        'pending_limit',
        `${this.pendingBytes} bytes already wait for Kafka's acknowledgement (limit ${this.limits.maxPendingBytes}, INGEST_MAX_PENDING_BYTES)`,
      );
    this.addPending(bytes);
    const sending = this.send(messages).finally(() => this.addPending(-bytes));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new UnconfirmedError(
              'ack_timeout',
              `Kafka did not acknowledge within ${this.limits.ackTimeoutMs} ms (INGEST_ACK_TIMEOUT_MS)`,
            ),
          ),
        this.limits.ackTimeoutMs,
      );
    });
    try {
      await Promise.race([
        sending.catch((error: Error) => {
          throw new UnconfirmedError('producer_error', `the Kafka producer failed: ${error.message}`);
        }),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private addPending(bytes: number): void {
    this.pendingBytes += bytes;
    this.onPending(this.pendingBytes);
  }
}
