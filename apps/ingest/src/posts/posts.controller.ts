import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { postCodec } from '@riptide/contracts';
import type { Request } from 'express';
import { INGEST_CONFIG, IngestConfig } from '../ingest-config';
import { IntakeReport, IntakeService } from '../intake/intake.service';
import { readBody } from '../intake/read-body';

/**
 * `POST /v1/posts`: a JSON array (or one object) or NDJSON of posts. 202 with counts and a per-line
 * report when at least one post was accepted; 400 with the report when none was; 413 when too large.
 */
@Controller('v1/posts')
export class PostsController {
  constructor(
    private readonly intake: IntakeService,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
  ) {}

  @Post()
  @HttpCode(202)
  async ingest(@Req() request: Request): Promise<IntakeReport> {
    const body = await readBody(request, this.config.maxBodyBytes);
    return this.intake.accept('post', body, request.headers['content-type'], postCodec, 'posts.raw', (post) => post.id);
  }
}
