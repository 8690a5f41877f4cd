import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuietStreamTimer } from './quiet-stream-timer';

describe('QuietStreamTimer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('publishes once after the quiet time, and not at all when cancelled first', async () => {
    const publish = vi.fn(async () => undefined);
    const timer = new QuietStreamTimer(1_000, publish, () => undefined);
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
    const timer = new QuietStreamTimer(10, () => Promise.reject(new Error('broker away')), onError);
    timer.restart();
    await vi.advanceTimersByTimeAsync(10);
    await expect(timer.settled()).resolves.toBeUndefined();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'broker away' }));
  });
});
