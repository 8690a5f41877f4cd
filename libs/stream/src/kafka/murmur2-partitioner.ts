import type { ICustomPartitioner, PartitionerArgs } from 'kafkajs';

const M = 0x5bd1e995;
const SEED = 0x9747b28c;

/**
 * Kafka's murmur2 (the Java client's `Utils.murmur2`) over bytes, as a signed 32-bit integer. kafkajs
 * computes it with a 64-bit Long emulation that allocates objects for every 4 bytes of the key, which
 * was a tenth of the scorer's CPU time; only the low 32 bits of that arithmetic reach the result, so
 * Math.imul on 32-bit integers gives the same value.
 */
export function murmur2(data: Uint8Array, length = data.length): number {
  let h = (SEED ^ length) | 0;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  // The Java switch falls through from 3 to 1: the tail bytes are mixed in together.
  const tail = length & 3;
  if (tail > 0) {
    if (tail === 3) h ^= data[whole + 2] << 16;
    if (tail >= 2) h ^= data[whole + 1] << 8;
    h ^= data[whole];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h;
}

const utf8 = new TextEncoder();

/**
 * kafkajs's DefaultPartitioner (Java-compatible: a key goes to murmur2(key) mod partitions, so Java
 * and kafkajs producers agree), computed without its per-key allocations: keys are encoded into one
 * reused buffer. Messages without a key go round-robin over the partitions that have a leader.
 */
export const murmur2Partitioner: ICustomPartitioner = () => {
  let scratch = new Uint8Array(256);
  const counters = new Map<string, number>();
  return ({ topic, partitionMetadata, message }: PartitionerArgs) => {
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    const partitions = partitionMetadata.length;
    const key = message.key;
    if (key !== null && key !== undefined) {
      if (Buffer.isBuffer(key)) return (murmur2(key) & 0x7fffffff) % partitions;
      // UTF-8 takes at most 3 bytes per UTF-16 unit.
      if (scratch.length < key.length * 3) scratch = new Uint8Array(key.length * 3);
      const { written } = utf8.encodeInto(key, scratch);
      return (murmur2(scratch, written) & 0x7fffffff) % partitions;
    }
    const counter = ((counters.get(topic) ?? Math.floor(Math.random() * 2 ** 31)) + 1) & 0x7fffffff;
    counters.set(topic, counter);
    const led = partitionMetadata.filter((partition) => partition.leader >= 0);
    return led.length > 0 ? led[counter % led.length].partitionId : counter % partitions;
  };
};
