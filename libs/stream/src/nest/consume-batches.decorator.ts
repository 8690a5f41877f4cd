import { EventPattern } from '@nestjs/microservices';
import type { Codec } from '@riptide/contracts';

/** Marks a controller method as the batch handler of a logical topic, decoded and validated with `codec`. */
export function ConsumeBatches<T>(topic: string, codec: Codec<T>): MethodDecorator {
  return EventPattern(topic, { codec });
}
