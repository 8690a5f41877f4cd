import 'reflect-metadata';
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger, ObservabilityModule, runUntilSignalled } from '@riptide/observability';
import { createBatchMicroservice, type KafkaBatchServerOptions } from '@riptide/stream';
import type { AddressInfo } from 'node:net';
import { ClusterController } from './cluster/cluster.controller';
import { coordinationConfigFromEnv, type CoordinationConfig } from './coordination-config';
import { ClusterRoleModule, DetectRoleModule } from './coordination-roles.module';
import { DetectController } from './detect/detect.controller';

/** Consumer groups: every instance of a role joins its role's group (the cluster group has one active member). */
export const DETECT_GROUP = 'coordination-detect';
export const CLUSTER_GROUP = 'coordination-cluster';

/** Runtime knobs tests and benchmarks adjust (session timeout, a hook after each batch). */
export type StreamOverrides = Partial<Omit<KafkaBatchServerOptions, 'connection' | 'groupId'>>;

export interface CoordinationService {
  /** Port of the /metrics /health /ready listener. */
  readonly httpPort: number;
  /** Finishes the batches in hand, commits, leaves the groups, closes the HTTP listener. */
  close(): Promise<void>;
}

/** Starts the roles of `config.role` and the HTTP listener, in process (tests, benchmarks, main). */
export async function startCoordination(
  config: CoordinationConfig = coordinationConfigFromEnv(),
  overrides: StreamOverrides = {},
): Promise<CoordinationService> {
  const log = createLogger('coordination');
  const roles: INestMicroservice[] = [];
  let http: INestApplication | undefined;
  const close = async () => {
    for (const role of roles) await role.close();
    await http?.close();
  };
  try {
    if (config.role !== 'cluster') {
      const { app, server } = await createBatchMicroservice(DetectRoleModule.withConfig(config), {
        connection: config.kafka,
        groupId: DETECT_GROUP,
        ...overrides,
      });
      server.usePartitionHooks('shares', app.get(DetectController).partitionHooks());
      roles.push(app);
      await app.listen();
    }
    if (config.role !== 'detect') {
      const { app, server } = await createBatchMicroservice(ClusterRoleModule.withConfig(config), {
        connection: config.kafka,
        groupId: CLUSTER_GROUP,
        ...overrides,
      });
      server.usePartitionHooks('coordination.edges', app.get(ClusterController).partitionHooks());
      roles.push(app);
      await app.listen();
    }
    http = await NestFactory.create(ObservabilityModule, { logger: ['error', 'warn'] });
    await http.listen(config.httpPort, '0.0.0.0');
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  const httpPort = (http.getHttpServer().address() as AddressInfo).port;
  log.info(
    { role: config.role, httpPort, brokers: config.kafka.brokers, prefix: config.kafka.topicPrefix },
    'coordination running',
  );
  return { httpPort, close };
}

if (require.main === module) runUntilSignalled('coordination', () => startCoordination());
