import type { StanceObservation } from '@riptide/contracts';
import { UNKNOWN_GROUP, type PopulationMargins } from '@riptide/opinion';
import { POPULATION_LABELS } from './opinion-gauges';
import { opinionMetrics } from './opinion-metrics';

type ObservationLabels = { topic: string; label: string; dimension: string; group: string };

/**
 * The observation counter's increments of one batch, summed by label set before they reach prom-client:
 * one `inc()` per distinct (topic, label, dimension, group) instead of one per observation and
 * dimension, each hashing its label object (6% of the service's CPU in the bench's profile).
 */
export class ObservationCounts {
  private readonly counts = new Map<string, { labels: ObservationLabels; count: number }>();

  constructor(private readonly margins: PopulationMargins) {}

  add(observation: StanceObservation): void {
    const topic = observation.topic_id;
    const label = observation.stance.label;
    this.count(topic, label, POPULATION_LABELS.dimension, POPULATION_LABELS.group);
    for (const dimension of this.margins.dimensions) {
      const value = observation.demographics[dimension.name];
      const group = value !== undefined && Object.hasOwn(dimension.shares, value) ? value : UNKNOWN_GROUP;
      this.count(topic, label, dimension.name, group);
    }
  }

  /** Adds the batch's counts to the counter and starts over. */
  flush(): void {
    for (const { labels, count } of this.counts.values()) opinionMetrics.observations.inc(labels, count);
    this.counts.clear();
  }

  private count(topic: string, label: string, dimension: string, group: string): void {
    const key = `${topic}\u001f${label}\u001f${dimension}\u001f${group}`;
    const entry = this.counts.get(key);
    if (entry) entry.count++;
    else this.counts.set(key, { labels: { topic, label, dimension, group }, count: 1 });
  }
}
