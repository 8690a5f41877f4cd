import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { authorProfileCodec, Codec, postCodec } from '@riptide/contracts';
import type { Request } from 'express';
import { INGEST_CONFIG, IngestConfig } from '../ingest-config';
import { IntakeReport, IntakeService } from './intake.service';
import { readBody } from './read-body';

/**
 * The two intake routes. Each takes a JSON array (or one object) or NDJSON and answers 202 with counts
 * and a per-line report when at least one item was accepted, 400 with the report when none was, and
 * 413 when the body is too large.
 */
@Controller('v1')
export class IntakeController {
  constructor(
    private readonly intake: IntakeService,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
  ) {}

  /** Posts to `posts.raw`, keyed by post id. */
  @Post('posts')
  @HttpCode(202)
  posts(@Req() request: Request): Promise<IntakeReport> {
    return this.accept(request, 'post', postCodec, 'posts.raw', (post) => post.id);
  }

  /** Author profiles (demographics, account age, followers) to the compacted `authors` topic, keyed by author id. */
  @Post('authors')
  @HttpCode(202)
  authors(@Req() request: Request): Promise<IntakeReport> {
    return this.accept(request, 'author', authorProfileCodec, 'authors', (profile) => profile.author_id);
  }

  private async accept<T>(
    request: Request,
    kind: string,
    codec: Codec<T>,
    topic: string,
    keyOf: (item: T) => string,
  ): Promise<IntakeReport> {
    const body = await readBody(request, this.config.maxBodyBytes);
    return this.intake.accept(kind, body, request.headers['content-type'], codec, topic, keyOf);
  }
}
