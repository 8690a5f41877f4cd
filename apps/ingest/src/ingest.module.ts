import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@riptide/auth';
import { ObservabilityModule } from '@riptide/observability';
import { INGEST_CONFIG, IngestConfig } from './ingest-config';
import { IntakeController } from './intake/intake.controller';
import { IntakeService } from './intake/intake.service';

@Module({})
export class IngestModule {
  static withConfig(config: IngestConfig): DynamicModule {
    return {
      module: IngestModule,
      imports: [ObservabilityModule, AuthModule.withConfig(config.auth)],
      controllers: [IntakeController],
      providers: [{ provide: INGEST_CONFIG, useValue: config }, IntakeService],
    };
  }
}
