import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuietSnapshotTimer } from './quiet-snapshot-timer';

describe('QuietSnapshotTimer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('publishes once after the quiet time, and not at all when cancelled first', async () => {
    const publish = vi.fn(async () => undefined);
    const timer = new QuietSnapshotTimer(1_000, publish, () => undefined);
    timer.restart();
    timer.restart();
    await vi.advanceTimersByTimeAsync(999);
    expect(publish).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(publish).toHaveBeenCalledTimes(1);

    timer.restart();
    timer.cancel();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(publish).toHaveBeenCalledTimes(1);
  });

  it('hands a failed publish to onError, and settles so that the next batch can go on', async () => {
    const onError = vi.fn();
    const timer = new QuietSnapshotTimer(10, () => Promise.reject(new Error('broker away')), onError);
    timer.restart();
    await vi.advanceTimersByTimeAsync(10);
    await expect(timer.settled()).resolves.toBeUndefined();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'broker away' }));
  });
});
