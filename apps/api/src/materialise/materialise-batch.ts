import { applyBatchOnce, type BatchOutcome, type MaterialiseMessage, type Store } from '@riptide/store';
import { materialiseMetrics } from './materialise-metrics';
import { classifyStoreFailure } from './store-failure';
import type { MaterialisedTopic } from './materialised-topics';

/**
 * Writes one batch of one partition into the store exactly once and counts it. The offsets row is
 * named by the physical topic (with the deployment prefix): two deployments sharing a database never
 * mix their positions. A store outage is a TransientError: the batch is retried, never dead-lettered.
 */
export async function materialiseBatch<T>(
  store: Store,
  spec: MaterialisedTopic<T>,
  physicalTopic: string,
  partition: number,
  messages: readonly MaterialiseMessage<T>[],
): Promise<BatchOutcome> {
  const stopTimer = materialiseMetrics.seconds.startTimer({ topic: spec.topic });
  try {
    const outcome = await applyBatchOnce(store.db, physicalTopic, partition, messages, spec.apply);
    materialiseMetrics.materialised.inc({ topic: spec.topic }, outcome.applied);
    materialiseMetrics.skipped.inc({ topic: spec.topic }, outcome.skipped);
    return outcome;
  } catch (error) {
    return classifyStoreFailure(error);
  } finally {
    stopTimer();
  }
}
