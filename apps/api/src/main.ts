import 'reflect-metadata';
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadTopicRegistry } from '@riptide/nlp';
import { createLogger, healthRegistry, runUntilSignalled } from '@riptide/observability';
import {
  DatabaseApiKeyStore,
  migrateToLatest,
  openStore,
  refreshPlannerStatistics,
  syncTopics,
  type Store,
} from '@riptide/store';
import { createBatchMicroservice, type KafkaBatchServerOptions } from '@riptide/stream';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiConfigFromEnv, type ApiConfig } from './api-config';
import { ApiModule } from './api.module';
import { StoreVersion } from './cache/store-version';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { serveOpenApi } from './http/openapi';
import { MaterialiseModule, useMaterialiseCatchUp } from './materialise';

/** Runtime knobs tests and benchmarks adjust on the materialisers' consumer (session timeout, a hook after each batch). */
export type StreamOverrides = Partial<Omit<KafkaBatchServerOptions, 'connection' | 'groupId'>>;

export interface ApiService {
  /** Port of the api, the console, /docs and /metrics /health /ready. */
  readonly httpPort: number;
  /** The store the api reads and its materialisers write. */
  readonly store: Store;
  /** Finishes the batch in hand, leaves the group, closes the HTTP listener, then the store. */
  close(): Promise<void>;
}

const READY_STORE = 'api-store-migrated';
const READY_MATERIALISERS = 'api-materialisers-started';

/**
 * Starts the api in process (tests, benchmarks, main): opens the store and migrates it, copies the
 * topic registry into it, serves HTTP, and (unless API_MATERIALISE=false) consumes the upstream topics
 * into it. /ready stays 503 until the migrations ran and the consumer joined its group.
 */
export async function startApi(
  config: ApiConfig = apiConfigFromEnv(),
  overrides: StreamOverrides = {},
): Promise<ApiService> {
  const log = createLogger('api');
  let migrated = false;
  let materialising = !config.materialise;
  healthRegistry.register(
    READY_STORE,
    () => migrated || { ok: false, reason: 'the store migrations have not run yet' },
  );
  healthRegistry.register(
    READY_MATERIALISERS,
    () =>
      materialising || { ok: false, reason: 'the materialisers have not joined their consumer group yet' },
  );
  const store = await openStore(config.store);
  const version = new StoreVersion();
  let consumer: INestMicroservice | undefined;
  let http: INestApplication | undefined;
  const close = async () => {
    healthRegistry.unregister(READY_STORE);
    healthRegistry.unregister(READY_MATERIALISERS);
    await consumer?.close();
    await http?.close();
    version.stop();
    await store.close();
  };
  try {
    await migrateToLatest(store.db);
    // A restored or freshly loaded store has no planner statistics until autovacuum runs (PGlite, which
    // has none, refreshes them on the store's own timer): without them one cluster scans every edge.
    await refreshPlannerStatistics(store.db);
    migrated = true;
    await syncTopics(store.db, loadTopicRegistry(config.topicsFile).topics);
    const keys = new DatabaseApiKeyStore(store.db);

    await version.start(store, config.storePollMs);
    const app = await NestFactory.create<NestExpressApplication>(
      ApiModule.withStore(store, keys, config, version),
      {
        logger: ['error', 'warn'],
      },
    );
    http = app;
    app.useGlobalFilters(new ApiExceptionFilter());
    // Query strings stay flat (`?a[b]=1` is the parameter "a[b]", refused as unknown), as Express 5's default.
    app.set('query parser', 'simple');
    app.disable('x-powered-by');
    serveOpenApi(app);
    await app.listen(config.httpPort, '0.0.0.0');

    if (config.materialise) {
      const { app: microservice, server } = await createBatchMicroservice(
        MaterialiseModule.withStore(store, () => version.bump()),
        {
          connection: config.kafka,
          groupId: config.groupId,
          ...overrides,
        },
      );
      consumer = microservice;
      useMaterialiseCatchUp(server, store, config.kafka, config.groupId);
      await microservice.listen();
      materialising = true;
    }
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  const httpPort = ((http.getHttpServer() as Server).address() as AddressInfo).port;
  log.info(
    {
      httpPort,
      store: store.describe(),
      materialise: config.materialise,
      brokers: config.kafka.brokers,
      prefix: config.kafka.topicPrefix,
      console: config.consoleDir,
    },
    'api running',
  );
  return { httpPort, store, close };
}

if (require.main === module) runUntilSignalled('api', () => startApi());
