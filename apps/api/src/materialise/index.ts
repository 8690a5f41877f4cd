export { MaterialiseModule } from './materialise.module';
export { catchUpWithGroup, useMaterialiseCatchUp } from './materialise-catch-up';
export { MATERIALISED_TOPICS } from './materialised-topics';
export type { MaterialisedTopic } from './materialised-topics';
export { materialiseMetrics } from './materialise-metrics';
