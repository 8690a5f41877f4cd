import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { murmur2, murmur2Partitioner } from './murmur2-partitioner';

function partitions(count: number, withoutLeader: number[] = []): PartitionMetadata[] {
  return Array.from({ length: count }, (_, partitionId) => ({
    partitionId,
    leader: withoutLeader.includes(partitionId) ? -1 : 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
}

/** Keys of every length 0..40, ASCII and not (accents, emoji, CJK, a lone surrogate), seeded. */
function keys(): string[] {
  const alphabet = ['a', 'Z', '9', ':', '-', 'é', 'ß', '中', '😀', '\ud800', ' '];
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const out = ['', 'account-42', 'url:https://example.org/a?b=c', 'hashtag:election'];
  for (let length = 0; length <= 40; length++)
    for (let n = 0; n < 25; n++)
      out.push(Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
  return out;
}

describe('murmur2Partitioner', () => {
  it('puts every key on the partition kafkajs (and the Java client) would', () => {
    const ours = murmur2Partitioner();
    const theirs = Partitioners.DefaultPartitioner();
    for (const count of [1, 3, 6, 7, 64])
      for (const key of keys()) {
        const args = { topic: 't', partitionMetadata: partitions(count), message: { key, value: 'v' } };
        expect(ours(args), `key ${JSON.stringify(key)}, ${count} partitions`).toBe(theirs(args));
        const buffer = { ...args, message: { key: Buffer.from(key), value: 'v' } };
        expect(ours(buffer)).toBe(theirs(buffer));
      }
  });

  it('matches the Java client on its published test vectors', () => {
    // org.apache.kafka.common.utils.UtilsTest#testMurmur2
    const cases: [string, number][] = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ];
    for (const [key, hash] of cases) expect(murmur2(Buffer.from(key))).toBe(hash);
  });

  it('keeps an explicit partition, and spreads keyless messages over the partitions with a leader', () => {
    const partitioner = murmur2Partitioner();
    const metadata = partitions(4, [1]);
    expect(
      partitioner({
        topic: 't',
        partitionMetadata: metadata,
        message: { key: 'k', value: 'v', partition: 3 },
      }),
    ).toBe(3);
    const chosen = new Set(
      Array.from({ length: 30 }, () =>
        partitioner({ topic: 't', partitionMetadata: metadata, message: { value: 'v' } }),
      ),
    );
    expect([...chosen].sort()).toEqual([0, 2, 3]);
  });
});
