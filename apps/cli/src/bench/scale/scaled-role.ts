import type { KafkaConnection } from '@riptide/stream';
import type { ServiceUnderBenchSpec } from '../service-under-bench';

/** An input message as its upstream writes it: the key decides its partition. */
export interface KeyedMessage {
  readonly key: string;
  readonly value: Buffer;
}

/** What a run's outputs held against what its inputs must give. */
export interface IdsCheck {
  /** What was compared, in words. */
  readonly checked: string;
  readonly expected: number;
  /** Expected ids absent from the output: must be 0. */
  readonly lost: number;
  /** Outputs written more than once (at-least-once delivery redoes work across a kill). */
  readonly duplicates: number;
  /** Outputs no input accounts for: must be 0. */
  readonly unexpected: number;
}

/** A consumer role scaled by adding instances to its consumer group, as the scale bench drives it. */
export interface ScaledRole {
  /** The role's name in `riptide serve` and in capacity.json. */
  readonly name: string;
  /** Its throughput unit, e.g. `posts/s`. */
  readonly unit: string;
  /** What one input message is, for progress lines: `posts`. */
  readonly items: string;
  readonly inputTopic: string;
  /** Every topic it reads or writes: created for each run under a private prefix, deleted after. */
  readonly topics: readonly string[];
  readonly partitions: number;
  /**
   * Inputs per `--messages` in a throughput run's backlog, so that every role's timed window lasts
   * about as long whatever its speed per input.
   */
  readonly backlogPerMessage: number;
  /** Where the partition count comes from, for the summary. */
  readonly partitionsFrom: string;
  /** The logical consumer group every instance joins. */
  readonly groupId: string;
  /** How to start one instance on this run's topics (the HTTP port must be 0). */
  service(kafka: Pick<KafkaConnection, 'brokers' | 'topicPrefix'>, instance: string): ServiceUnderBenchSpec;
  /** Fills what the role reads besides its input (the scorer's author profiles), before it starts. */
  prepare?(connection: KafkaConnection): Promise<void>;
  /** Input message `index` (0, 1, …): each carries a unique id the output check looks for. */
  message(index: number): KeyedMessage;
  /** Reads the role's output topic whole and compares it with what inputs 0…count-1 must give. */
  checkOutput(connection: KafkaConnection, count: number): Promise<IdsCheck>;
}

/** Compares the ids found in an output (with repeats) with the expected set. */
export function compareIds(
  checked: string,
  expected: ReadonlySet<string>,
  found: Map<string, number>,
): IdsCheck {
  let lost = 0;
  for (const id of expected) if (!found.has(id)) lost++;
  let duplicates = 0;
  let unexpected = 0;
  for (const [id, times] of found) {
    duplicates += times - 1;
    if (!expected.has(id)) unexpected++;
  }
  return { checked, expected: expected.size, lost, duplicates, unexpected };
}
