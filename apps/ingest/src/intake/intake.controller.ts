import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { RequireRole } from '@riptide/auth';
import { authorProfileCodec, Codec, postCodec } from '@riptide/contracts';
import type { Request, Response } from 'express';
import { INGEST_CONFIG, IngestConfig } from '../ingest-config';
import { ByteBudget } from './byte-budget';
import { IntakeReport, IntakeService, UnconfirmedBatchException } from './intake.service';
import { readBody } from './read-body';

/**
 * The two intake routes, for keys of the `ingest` role (or `admin`). Each takes a JSON array (or one
 * object) or NDJSON and answers 202 with counts and a per-line report when at least one item was
 * accepted and acknowledged by Kafka, 400 with the report when none was valid, 413 when the body is too
 * large, and 503 with Retry-After when Kafka did not confirm the batch in time.
 */
@Controller('v1')
@RequireRole('ingest')
export class IntakeController {
  private readonly bodies: ByteBudget;

  constructor(
    private readonly intake: IntakeService,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
  ) {
    this.bodies = new ByteBudget(config.bodyBudgetBytes);
  }

  /** Posts to `posts.raw`, keyed by post id. */
  @Post('posts')
  @HttpCode(202)
  posts(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<IntakeReport> {
    return this.accept(request, response, 'post', postCodec, 'posts.raw', (post) => post.id);
  }

  /** Author profiles (demographics, account age, followers) to the compacted `authors` topic, keyed by author id. */
  @Post('authors')
  @HttpCode(202)
  authors(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<IntakeReport> {
    return this.accept(
      request,
      response,
      'author',
      authorProfileCodec,
      'authors',
      (profile) => profile.author_id,
    );
  }

  private async accept<T>(
    request: Request,
    response: Response,
    kind: string,
    codec: Codec<T>,
    topic: string,
    keyOf: (item: T) => string,
  ): Promise<IntakeReport> {
    // A body without a (usable) Content-Length may be as large as the limit.
    const declared = Number(request.headers['content-length']);
    const expected = Number.isFinite(declared) && declared >= 0 ? declared : this.config.maxBodyBytes;
    const release = await this.bodies.acquire(Math.min(expected, this.config.maxBodyBytes));
    try {
      const body = await readBody(request, this.config.maxBodyBytes);
      return await this.intake.accept(kind, body, request.headers['content-type'], codec, topic, keyOf);
    } catch (error) {
      if (error instanceof UnconfirmedBatchException)
        response.setHeader('Retry-After', String(error.report.retry_after_s));
      throw error;
    } finally {
      release();
    }
  }
}
