import type { INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { KafkaBatchServer, KafkaBatchServerOptions } from './kafka-batch.server';
import { RethrowHandlerErrors } from './rethrow-handler-errors.filter';

/**
 * Builds a NestJS microservice on the libs/stream transport with what every Riptide consumer needs:
 * handler errors passed through to the runtime, and SIGTERM handled as a graceful shutdown (finish the
 * batch, commit, leave the group). Register partition hooks on `server` if the handlers keep state, then call `app.listen()`.
 */
export async function createBatchMicroservice(
  module: Parameters<typeof NestFactory.createMicroservice>[0],
  options: KafkaBatchServerOptions,
): Promise<{ app: INestMicroservice; server: KafkaBatchServer }> {
  const server = new KafkaBatchServer(options);
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
    strategy: server,
    logger: ['error', 'warn'],
  });
  app.useGlobalFilters(new RethrowHandlerErrors());
  app.enableShutdownHooks();
  return { app, server };
}
