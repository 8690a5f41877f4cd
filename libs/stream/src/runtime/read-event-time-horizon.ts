import type { Codec } from '@riptide/contracts';
import type { KafkaConnection } from '../config/kafka-connection';
import { readPartitionRange } from './partition-reader';

export interface HorizonRange {
  /** Logical topic. */
  readonly topic: string;
  readonly partition: number;
  /** Where the live consumer resumes (exclusive end of the replay). */
  readonly untilOffset: string;
  /** Event time the rebuilt state must cover, back from the newest message before `untilOffset`. */
  readonly horizonSeconds: number;
  /** Never look further back than this in broker time (the topic's retention). */
  readonly maxLookbackSeconds: number;
}

/** First lookback step beyond the horizon: room for produce delays. */
const SLACK_SECONDS = 60;
const WIDENING = 4;

/**
 * The values a stateful role replays before resuming at `untilOffset`, decoded, in offset order. Kafka can
 * seek by broker timestamp only, and broker time is not event time: a consumer backlog or a historical
 * replay pulls them apart. So this reads backwards in widening steps of broker time until what it read
 * reaches `horizonSeconds` of event time before the newest message, or the lookback cap, and never
 * reads a message twice. Messages that do not decode are skipped: they went to the dead-letter topic
 * the first time.
 */
export async function readEventTimeHorizon<T>(
  connection: KafkaConnection,
  range: HorizonRange,
  codec: Codec<T>,
  eventTimeOf: (value: T) => number,
  heartbeat: () => Promise<void>,
  nowMs: number = Date.now(),
): Promise<T[]> {
  if (BigInt(range.untilOffset) <= 0n) return [];
  const chunks: T[][] = [];
  let until = range.untilOffset;
  let newest = Number.NEGATIVE_INFINITY;
  let oldest = Number.POSITIVE_INFINITY;
  let lookback = Math.min(range.horizonSeconds + SLACK_SECONDS, range.maxLookbackSeconds);
  for (;;) {
    const chunk: T[] = [];
    let firstOffset: string | undefined;
    const fromTimestampMs = lookbackStartMs(nowMs, lookback);
    await readPartitionRange(
      connection,
      { topic: range.topic, partition: range.partition, fromTimestampMs, untilOffset: until },
      (messages) => {
        firstOffset ??= messages[0]?.offset;
        for (const message of messages) {
          const decoded = message.value && codec.decode(message.value);
          if (!decoded || !decoded.ok) continue;
          chunk.push(decoded.value);
          const time = eventTimeOf(decoded.value);
          if (time > newest) newest = time;
          if (time < oldest) oldest = time;
        }
      },
      heartbeat,
    );
    if (firstOffset !== undefined) {
      chunks.unshift(chunk);
      until = firstOffset;
    }
    const covered = oldest <= newest - range.horizonSeconds;
    if (covered || lookback >= range.maxLookbackSeconds) break;
    lookback = Math.min(lookback * WIDENING, range.maxLookbackSeconds);
  }
  return chunks.flat();
}

/**
 * Broker time `lookbackSeconds` before `nowMs`, in whole milliseconds (rounded down, so a little more is
 * read): Kafka's ListOffsets takes an int64, and lookbacks derived from a decay horizon are fractional.
 */
export function lookbackStartMs(nowMs: number, lookbackSeconds: number): number {
  return Math.floor(nowMs - lookbackSeconds * 1000);
}
