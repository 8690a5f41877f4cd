import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '@riptide/observability';
import { ingestConfigFromEnv } from './ingest-config';
import { IngestModule } from './ingest.module';

/** Starts the ingest HTTP service; returns the app so tests and the CLI can run it in process. */
export async function startIngest(config = ingestConfigFromEnv()) {
  // The body parser is off: controllers read raw bodies themselves to enforce the size limit with a 413.
  const app = await NestFactory.create(IngestModule.withConfig(config), {
    bodyParser: false,
    logger: ['error', 'warn'],
  });
  app.enableShutdownHooks();
  await app.listen(config.port, '0.0.0.0');
  createLogger('ingest').info({ port: config.port, brokers: config.kafka.brokers }, 'ingest listening');
  return app;
}

if (require.main === module) {
  startIngest().catch((error: unknown) => {
    createLogger('ingest').fatal({ error: (error as Error).message }, 'ingest failed to start');
    process.exit(1);
  });
}
