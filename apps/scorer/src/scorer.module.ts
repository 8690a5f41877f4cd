import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { POST_SCORER, ScorerController } from './scorer.controller';
import type { PostScorer } from './scoring/post-scorer';

export const SCORER_RESOURCES = Symbol('ScorerResources');

/** What outlives a batch and must be released after the consumer stopped: the HTTP server, the authors follower, the models. */
export interface ScorerResources {
  release(): Promise<void>;
}

/**
 * Nest calls this after the transport finished its batch, committed and left the group (on SIGTERM
 * and on app.close()), so the models and the authors table are released only once nothing uses them.
 */
class ScorerShutdown implements OnApplicationShutdown {
  constructor(@Inject(SCORER_RESOURCES) private readonly resources: ScorerResources) {}

  async onApplicationShutdown(): Promise<void> {
    await this.resources.release();
  }
}

@Module({})
export class ScorerModule {
  static with(scorer: PostScorer, resources: ScorerResources): DynamicModule {
    return {
      module: ScorerModule,
      controllers: [ScorerController],
      providers: [
        { provide: POST_SCORER, useValue: scorer },
        { provide: SCORER_RESOURCES, useValue: resources },
        ScorerShutdown,
      ],
    };
  }
}
