import { DynamicModule, Module } from '@nestjs/common';
import { ObservabilityModule } from '@riptide/observability';
import { AuthorsController } from './authors/authors.controller';
import { INGEST_CONFIG, IngestConfig } from './ingest-config';
import { IntakeService } from './intake/intake.service';
import { PostsController } from './posts/posts.controller';

@Module({})
export class IngestModule {
  static withConfig(config: IngestConfig): DynamicModule {
    return {
      module: IngestModule,
      imports: [ObservabilityModule],
      controllers: [PostsController, AuthorsController],
      providers: [{ provide: INGEST_CONFIG, useValue: config }, IntakeService],
    };
  }
}
