import 'reflect-metadata';
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger, ObservabilityModule, runUntilSignalled } from '@riptide/observability';
import { createBatchMicroservice, type KafkaBatchServerOptions } from '@riptide/stream';
import type { AddressInfo } from 'node:net';
import { loadOpinionContext } from './opinion-context';
import { initialiseCounters } from './opinion-gauges';
import { opinionConfigFromEnv, type OpinionConfig } from './opinion-config';
import { OpinionController } from './opinion.controller';
import { OpinionModule } from './opinion.module';

/** Runtime knobs tests and benchmarks adjust (session timeout, a hook after each batch). */
export type StreamOverrides = Partial<Omit<KafkaBatchServerOptions, 'connection' | 'groupId'>>;

export interface OpinionService {
  /** Port of the /metrics /health /ready listener. */
  readonly httpPort: number;
  /** Finishes the batch in hand, commits, leaves the group, closes the HTTP listener. */
  close(): Promise<void>;
}

/** Starts the opinion consumer and its HTTP listener, in process (tests, benchmarks, main). */
export async function startOpinion(
  config: OpinionConfig = opinionConfigFromEnv(),
  overrides: StreamOverrides = {},
): Promise<OpinionService> {
  const log = createLogger('opinion');
  const context = loadOpinionContext(config);
  initialiseCounters(context.stanceTopicIds, context.margins);
  let consumer: INestMicroservice | undefined;
  let http: INestApplication | undefined;
  const close = async () => {
    await consumer?.close();
    await http?.close();
  };
  try {
    const { app, server } = await createBatchMicroservice(OpinionModule.withContext(context), {
      connection: config.kafka,
      groupId: config.groupId,
      ...overrides,
    });
    consumer = app;
    server.usePartitionHooks('stance.observations', app.get(OpinionController).partitionHooks());
    await app.listen();
    http = await NestFactory.create(ObservabilityModule, { logger: ['error', 'warn'] });
    await http.listen(config.httpPort, '0.0.0.0');
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  const httpPort = (http.getHttpServer().address() as AddressInfo).port;
  log.info(
    {
      httpPort,
      brokers: config.kafka.brokers,
      prefix: config.kafka.topicPrefix,
      dimensions: context.margins.dimensions.map((dimension) => dimension.name),
      bucketSeconds: config.settings.bucketWidthMs / 1000,
    },
    'opinion running',
  );
  return { httpPort, close };
}

if (require.main === module) runUntilSignalled('opinion', () => startOpinion());
