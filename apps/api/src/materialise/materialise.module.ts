import { DynamicModule, Module } from '@nestjs/common';
import type { Store } from '@riptide/store';
import {
  ClustersMaterialiser,
  EvidenceEdgesMaterialiser,
  OpinionEstimatesMaterialiser,
  OpinionShiftsMaterialiser,
  PostDeletionsMaterialiser,
  SharesMaterialiser,
} from './materialise.controllers';
import { MATERIALISE_STORE, type MaterialiseTarget } from './materialise-store.token';

/**
 * The api's consumers: `coordination.clusters`, `coordination.edges`, `shares`, `opinion.estimates`,
 * `opinion.shifts` and `posts.deleted` into the store, one subscription each, in one consumer group.
 * Run it as a libs/stream batch microservice (createBatchMicroservice) and register
 * useMaterialiseCatchUp's hooks.
 */
@Module({})
export class MaterialiseModule {
  static withStore(store: Store, changed: () => void = () => undefined): DynamicModule {
    const target: MaterialiseTarget = { store, changed };
    return {
      module: MaterialiseModule,
      controllers: [
        ClustersMaterialiser,
        EvidenceEdgesMaterialiser,
        SharesMaterialiser,
        OpinionEstimatesMaterialiser,
        OpinionShiftsMaterialiser,
        PostDeletionsMaterialiser,
      ],
      providers: [{ provide: MATERIALISE_STORE, useValue: target }],
    };
  }
}
