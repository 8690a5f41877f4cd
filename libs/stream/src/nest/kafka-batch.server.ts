import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import type { Codec } from '@riptide/contracts';
import { lastValueFrom } from 'rxjs';
import { BatchConsumer, BatchConsumerOptions } from '../runtime/batch-consumer';
import type { BatchResult, InboundMessage, OutboundMessage, Subscription } from '../runtime/stream-message';

export type KafkaBatchServerOptions = Omit<BatchConsumerOptions, 'subscriptions'>;
export type PartitionHooks = Pick<Subscription<unknown>, 'onPartitionAssigned' | 'onPartitionRevoked'>;

/**
 * A NestJS transport over libs/stream's batch runtime: each `@ConsumeBatches(topic, codec)` handler
 * becomes a subscription and receives whole batches of decoded messages. The stock Kafka transport
 * hands over one message at a time, which cannot reach the throughput targets.
 */
export class KafkaBatchServer extends Server implements CustomTransportStrategy {
  private consumer?: BatchConsumer;
  private readonly partitionHooks = new Map<string, PartitionHooks>();

  constructor(private readonly options: KafkaBatchServerOptions) {
    super();
  }

  /** Stateful handlers (windows, graphs) rebuild and drop per-partition state through these hooks. */
  usePartitionHooks(topic: string, hooks: PartitionHooks): this {
    this.partitionHooks.set(topic, hooks);
    return this;
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const subscriptions = [...this.messageHandlers.entries()].map(([topic, handler]) =>
        this.subscription(topic, handler),
      );
      this.consumer = new BatchConsumer({ ...this.options, subscriptions });
      await this.consumer.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.consumer?.stop();
  }

  on(): never {
    throw new Error(
      'KafkaBatchServer does not expose client events; use the metrics and logs of libs/stream',
    );
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('KafkaBatchServer is not listening yet');
    return this.consumer as T;
  }

  private subscription(topic: string, handler: MessageHandler): Subscription<unknown> {
    const codec = (handler.extras as { codec?: Codec<unknown> } | undefined)?.codec;
    if (!codec)
      throw new Error(`handler for ${topic} has no codec: declare it with @ConsumeBatches(topic, codec)`);
    return {
      topic,
      codec,
      ...this.partitionHooks.get(topic),
      handler: async (messages: InboundMessage<unknown>[]) =>
        lastValueFrom(this.transformToObservable(await handler(messages))) as Promise<
          BatchResult<unknown> | OutboundMessage[]
        >,
    };
  }
}
