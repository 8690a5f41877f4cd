import { Controller, Inject } from '@nestjs/common';
import { postCodec, type Post } from '@riptide/contracts';
import { ConsumeBatches, type InboundMessage, type OutboundMessage } from '@riptide/stream';
import { PostScorer } from './scoring/post-scorer';

export const POST_SCORER = Symbol('PostScorer');

/**
 * `posts.raw` in, scored posts, stance observations and shares out. Invalid posts never get here: the
 * runtime sends them to `posts.raw.dlq` with the reason; a post that makes scoring fail is isolated
 * and dead-lettered by the runtime too, so one bad post never blocks a partition.
 */
@Controller()
export class ScorerController {
  constructor(@Inject(POST_SCORER) private readonly scorer: PostScorer) {}

  @ConsumeBatches('posts.raw', postCodec)
  score(messages: InboundMessage<Post>[]): Promise<OutboundMessage[]> {
    return this.scorer.score(messages.map((message) => message.value));
  }
}
