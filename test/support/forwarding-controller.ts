import { Controller } from '@nestjs/common';
import { Post, postCodec } from '@riptide/contracts';
import { ConsumeBatches, InboundMessage, OutboundMessage, TransientError } from '@riptide/stream';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A minimal consumer built the way every Riptide service is: a NestJS controller on the libs/stream
 * transport that forwards each valid post to posts.scored. A post whose text is "POISON" makes the
 * handler throw, standing in for a message that crashes real processing. A post whose text is "FLAKY"
 * fails four times with a TransientError (a dependency that is briefly down) before it goes through:
 * more often than the runtime tries a suspected poison message, so only a real retry delivers it.
 * FORWARD_DELAY_MS slows each batch so a kill test can hit the consumer mid-batch.
 */
@Controller()
export class ForwardingController {
  /** Failures left per flaky post id. */
  private readonly flakyFailures = new Map<string, number>();

  @ConsumeBatches('posts.raw', postCodec)
  async forward(messages: InboundMessage<Post>[]): Promise<OutboundMessage[]> {
    if (messages.some((message) => message.value.text === 'POISON'))
      throw new Error('cannot process a post that says POISON');
    for (const { value } of messages.filter((message) => message.value.text === 'FLAKY')) {
      const left = this.flakyFailures.get(value.id) ?? 4;
      this.flakyFailures.set(value.id, left - 1);
      if (left > 0) throw new TransientError(`the dependency for ${value.id} is down`);
    }
    const delay = Number(process.env.FORWARD_DELAY_MS ?? 0);
    if (delay > 0) await sleep(delay);
    return messages.map((message) => ({ topic: 'posts.scored', key: message.value.id, value: message.raw }));
  }
}
