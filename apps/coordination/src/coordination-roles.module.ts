import { DynamicModule, Module } from '@nestjs/common';
import { ClusterController } from './cluster/cluster.controller';
import type { CoordinationConfig } from './coordination-config';
import { COORDINATION_CONFIG } from './coordination-config.token';
import { DetectController } from './detect/detect.controller';

/** One Nest microservice per role, each its own consumer group; the roles share nothing but the config. */
@Module({})
export class DetectRoleModule {
  static withConfig(config: CoordinationConfig): DynamicModule {
    return { module: DetectRoleModule, controllers: [DetectController], providers: [{ provide: COORDINATION_CONFIG, useValue: config }] };
  }
}

@Module({})
export class ClusterRoleModule {
  static withConfig(config: CoordinationConfig): DynamicModule {
    return { module: ClusterRoleModule, controllers: [ClusterController], providers: [{ provide: COORDINATION_CONFIG, useValue: config }] };
  }
}
