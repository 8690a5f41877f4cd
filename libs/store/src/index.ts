export type * from './schema/database';
export { openStore, storeOptionsFromEnv, PGLITE_MEMORY } from './engine/open-store';
export type { Store, StoreEngine, StoreOptions } from './engine/open-store';
export { refreshPlannerStatistics } from './engine/planner-statistics';
export { LOCAL_POSTGRES_URL, scratchPostgresDatabase } from './engine/scratch-postgres';
export type { ScratchDatabase } from './engine/scratch-postgres';
export { migrateToLatest, migrationStatus, STORE_MIGRATIONS } from './migrations/migrate';
export type { MigrationState } from './migrations/migrate';
export { MATERIALISED_TABLES, resetStore } from './migrations/reset-store';
export * from './queries';
export type { Applier, MaterialiseMessage } from './materialise/materialise-message';
export { applyBatchOnce, materialisedOffsets } from './materialise/apply-batch-once';
export type { BatchOutcome } from './materialise/apply-batch-once';
export { applyClusters, dominantSignal } from './materialise/apply-clusters';
export { applyEvidenceEdges, evidenceEdgeId } from './materialise/apply-evidence-edges';
export { applyShares } from './materialise/apply-shares';
export { applyPostDeletions } from './materialise/apply-post-deletions';
export { applyOpinionEstimates } from './materialise/apply-opinion-estimates';
export {
  applyOpinionShifts,
  canonicalGroup,
  groupKey,
  opinionShiftId,
} from './materialise/apply-opinion-shifts';
export { clusterTopicIds } from './materialise/cluster-topics';
export { syncTopics } from './materialise/sync-topics';
export { DatabaseApiKeyStore, KEY_TABLE_REFRESH_INTERVAL_MS } from './keys/database-api-key-store';
export type { DatabaseApiKeyStoreOptions } from './keys/database-api-key-store';
