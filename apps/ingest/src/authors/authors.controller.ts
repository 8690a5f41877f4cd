import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { authorProfileCodec } from '@riptide/contracts';
import type { Request } from 'express';
import { INGEST_CONFIG, IngestConfig } from '../ingest-config';
import { IntakeReport, IntakeService } from '../intake/intake.service';
import { readBody } from '../intake/read-body';

/** `POST /v1/authors`: author profiles (demographics, account age, followers) to the compacted `authors` topic. */
@Controller('v1/authors')
export class AuthorsController {
  constructor(
    private readonly intake: IntakeService,
    @Inject(INGEST_CONFIG) private readonly config: IngestConfig,
  ) {}

  @Post()
  @HttpCode(202)
  async ingest(@Req() request: Request): Promise<IntakeReport> {
    const body = await readBody(request, this.config.maxBodyBytes);
    return this.intake.accept('author', body, request.headers['content-type'], authorProfileCodec, 'authors', (profile) => profile.author_id);
  }
}
