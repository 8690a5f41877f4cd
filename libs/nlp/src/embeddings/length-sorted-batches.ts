/**
 * Runs `run` over batches of up to `batchSize` indices of texts sorted by token count (ties by
 * index), so that short tweets are not padded to a long one's length. Callers place each batch's
 * results by index, so results come back in input order whatever the batching.
 */
export async function forEachLengthSortedBatch(
  lengths: readonly number[],
  batchSize: number,
  run: (indices: number[]) => Promise<void>,
  onBatch?: (done: number) => void,
): Promise<void> {
  const order = lengths.map((_, index) => index).sort((a, b) => lengths[a] - lengths[b] || a - b);
  for (let start = 0; start < order.length; start += batchSize) {
    await run(order.slice(start, start + batchSize));
    onBatch?.(Math.min(start + batchSize, order.length));
  }
}

/** forEachLengthSortedBatch where each batch gives one result per index: the results in input order. */
export async function mapLengthSortedBatches<T>(
  lengths: readonly number[],
  batchSize: number,
  run: (indices: number[]) => Promise<T[]>,
  onBatch?: (done: number) => void,
): Promise<T[]> {
  const results = new Array<T>(lengths.length);
  await forEachLengthSortedBatch(
    lengths,
    batchSize,
    async (indices) => {
      const batch = await run(indices);
      indices.forEach((index, position) => (results[index] = batch[position]));
    },
    onBatch,
  );
  return results;
}
