import type { KafkaConnection } from '../config/kafka-connection';
import type { OutboundMessage } from './stream-message';
import { createProducerSink, type ProducerSink } from './producer-sink';

/**
 * Where a role produces what it emits outside a batch (see QuietStreamTimer): the batch runtime produces
 * only what a handler returns.
 */
export interface OutOfBatchSink {
  send(messages: readonly OutboundMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

/**
 * Connects on its first send, so an idle instance or a standby holds no extra producer connection; a
 * failed connection is tried again by the next send; disconnects only what it connected.
 */
export class LazilyConnectedSink implements OutOfBatchSink {
  private connected?: Promise<void>;

  constructor(private readonly sink: Pick<ProducerSink, 'connect' | 'send' | 'disconnect'>) {}

  async send(messages: readonly OutboundMessage[]): Promise<void> {
    this.connected ??= this.sink.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    await this.connected;
    await this.sink.send(messages);
  }

  async disconnect(): Promise<void> {
    const connected = this.connected;
    this.connected = undefined;
    if (connected)
      await connected.then(
        () => this.sink.disconnect(),
        () => undefined,
      );
  }
}

export function createOutOfBatchSink(connection: KafkaConnection): OutOfBatchSink {
  return new LazilyConnectedSink(createProducerSink(connection));
}
