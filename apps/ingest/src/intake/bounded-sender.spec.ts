import { describe, expect, it } from 'vitest';
import { BoundedSender } from './bounded-sender';

/** A send whose settling the spec controls. */
function controlledSend() {
  const settle: Array<(error?: Error) => void> = [];
  const send = () =>
    new Promise<void>((resolve, reject) => settle.push((error) => (error ? reject(error) : resolve())));
  return { send, settle };
}

const message = [{ topic: 'posts.raw', key: 'k', value: Buffer.from('v') }];

describe('BoundedSender', () => {
  it('resolves when the send is acknowledged in time', async () => {
    const { send, settle } = controlledSend();
    const sender = new BoundedSender(send, { ackTimeoutMs: 1_000, maxPendingBytes: 100 });
    const sent = sender.sendWithin(message, 10);
    settle[0]();
    await expect(sent).resolves.toBeUndefined();
    expect(sender.pending).toBe(0);
  });

  it('gives up after the timeout but counts the bytes as pending until the send settles', async () => {
    const { send, settle } = controlledSend();
    const reported: number[] = [];
    const sender = new BoundedSender(send, { ackTimeoutMs: 20, maxPendingBytes: 100 }, (bytes) =>
      reported.push(bytes),
    );
    await expect(sender.sendWithin(message, 60)).rejects.toMatchObject({
      reason: 'ack_timeout',
      message: expect.stringMatching(/within 20 ms \(INGEST_ACK_TIMEOUT_MS\)/),
    });
    expect(sender.pending).toBe(60);
    await expect(sender.sendWithin(message, 60)).rejects.toMatchObject({ reason: 'pending_limit' });
    expect(settle).toHaveLength(1); // the refused batch was never sent
    settle[0](new Error('late failure'));
    await new Promise((done) => setImmediate(done));
    expect(sender.pending).toBe(0);
    expect(reported).toEqual([60, 0]);
  });

  it('reports a producer failure as unconfirmed, with its reason', async () => {
    const { send, settle } = controlledSend();
    const sender = new BoundedSender(send, { ackTimeoutMs: 1_000, maxPendingBytes: 100 });
    const sent = sender.sendWithin(message, 10);
    settle[0](new Error('gave up after 9 attempts'));
    await expect(sent).rejects.toMatchObject({
      reason: 'producer_error',
      message: 'the Kafka producer failed: gave up after 9 attempts',
    });
  });

  it('lets one batch larger than the limit through when nothing else waits', async () => {
    const { send, settle } = controlledSend();
    const sender = new BoundedSender(send, { ackTimeoutMs: 1_000, maxPendingBytes: 100 });
    const sent = sender.sendWithin(message, 500);
    settle[0]();
    await expect(sent).resolves.toBeUndefined();
  });
});
