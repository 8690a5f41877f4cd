import { Controller } from '@nestjs/common';
import { Post, postCodec } from '@riptide/contracts';
import { ConsumeBatches, InboundMessage, OutboundMessage } from '@riptide/stream';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A minimal consumer built the way every Riptide service is: a NestJS controller on the libs/stream
 * transport that forwards each valid post to posts.scored. A post whose text is "POISON" makes the
 * handler throw, standing in for a message that crashes real processing. FORWARD_DELAY_MS slows each
 * batch so a kill test can hit the consumer mid-batch.
 */
@Controller()
export class ForwardingController {
  @ConsumeBatches('posts.raw', postCodec)
  async forward(messages: InboundMessage<Post>[]): Promise<OutboundMessage[]> {
    if (messages.some((message) => message.value.text === 'POISON'))
      throw new Error('cannot process a post that says POISON');
    const delay = Number(process.env.FORWARD_DELAY_MS ?? 0);
    if (delay > 0) await sleep(delay);
    return messages.map((message) => ({ topic: 'posts.scored', key: message.value.id, value: message.raw }));
  }
}
