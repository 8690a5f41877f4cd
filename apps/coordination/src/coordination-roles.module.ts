import { DynamicModule, Module } from '@nestjs/common';
import { createOutOfBatchSink } from '@riptide/stream';
import { ClusterController } from './cluster/cluster.controller';
import { SNAPSHOT_SINK } from './cluster/snapshot-sink';
import type { CoordinationConfig } from './coordination-config';
import { COORDINATION_CONFIG } from './coordination-config.token';
import { DetectController } from './detect/detect.controller';

/** One Nest microservice per role, each its own consumer group; the roles share nothing but the config. */
@Module({})
export class DetectRoleModule {
  static withConfig(config: CoordinationConfig): DynamicModule {
    return {
      module: DetectRoleModule,
      controllers: [DetectController],
      providers: [{ provide: COORDINATION_CONFIG, useValue: config }],
    };
  }
}

@Module({})
export class ClusterRoleModule {
  static withConfig(config: CoordinationConfig): DynamicModule {
    return {
      module: ClusterRoleModule,
      controllers: [ClusterController],
      providers: [
        { provide: COORDINATION_CONFIG, useValue: config },
        // Connected on the first quiet snapshot, so a standby holds no producer connection.
        { provide: SNAPSHOT_SINK, useFactory: () => createOutOfBatchSink(config.kafka) },
      ],
    };
  }
}
