import type { OutboundMessage } from '@riptide/stream';
import { describe, expect, it } from 'vitest';
import type { ReceivedEvent } from '../sources/live-source';
import { ConnectorPipeline, type PipelineOptions } from './connector-pipeline';
import { RetryingDelivery } from './retrying-delivery';

/** A send whose every call waits until the test settles it: acknowledgements in any order. */
function heldSends() {
  const calls: { messages: readonly OutboundMessage[]; ack: () => void; fail: (error: Error) => void }[] = [];
  const send = (messages: readonly OutboundMessage[]) =>
    new Promise<void>((ack, fail) => calls.push({ messages, ack, fail }));
  return { calls, send };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function postEvent(n: number, bytes = 100): ReceivedEvent {
  const post = {
    schema: 'post/v1' as const,
    id: `p${n}`,
    platform: 'bluesky',
    author_id: 'a',
    created_at: '2026-01-01T00:00:00.000Z',
    text: `post ${n}`,
    lang: 'en',
    kind: 'original' as const,
    referenced_post_id: null,
    urls: [],
    hashtags: [],
    mentions: [],
    media_hashes: [],
  };
  return { result: { ok: true, post }, position: { cursor: String(n), eventTimeMs: n }, bytes };
}

const options: PipelineOptions = {
  platform: 'bluesky',
  maxEventBytes: 1000,
  filters: { languages: [], keywords: [], hashtags: [] },
  maxPendingBytes: 10_000,
  batchMax: 2,
  lingerMs: 5,
  start: null,
};

function pipeline(overrides: Partial<PipelineOptions> = {}) {
  const sends = heldSends();
  const delivery = new RetryingDelivery(sends.send, { initialMs: 1, maxMs: 2 });
  return { sends, delivery, pipeline: new ConnectorPipeline({ ...options, ...overrides }, delivery) };
}

describe('ConnectorPipeline', () => {
  it('produces posts keyed by id in batches of batchMax, and a short batch after the linger', async () => {
    const { sends, pipeline: sink } = pipeline();
    for (const n of [1, 2, 3]) sink.push(postEvent(n));
    expect(sends.calls.map((call) => call.messages.map((m) => m.key))).toEqual([['p1', 'p2']]);
    expect(sends.calls[0].messages[0].topic).toBe('posts.raw');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sends.calls.map((call) => call.messages.map((m) => m.key))).toEqual([['p1', 'p2'], ['p3']]);
  });

  it('moves the watermark only over batches acknowledged without a gap before them', async () => {
    const { sends, pipeline: sink } = pipeline();
    for (const n of [1, 2, 3, 4, 5, 6]) sink.push(postEvent(n));
    sends.calls[2].ack();
    sends.calls[1].ack();
    await settle();
    expect(sink.watermark.position).toBeNull();
    expect(sink.counts.posts).toBe(4);
    sends.calls[0].ack();
    await settle();
    expect(sink.watermark.position?.cursor).toBe('6');
  });

  it('answers false past the pending bytes and resolves drained() once acknowledgements bring it below', async () => {
    const { sends, pipeline: sink } = pipeline({ maxPendingBytes: 350, batchMax: 100 });
    expect(sink.push(postEvent(1))).toBe(true);
    expect(sink.push(postEvent(2))).toBe(true);
    expect(sink.push(postEvent(3))).toBe(true);
    expect(sink.push(postEvent(4))).toBe(false);
    // Full: the open batch went out at once instead of lingering.
    expect(sends.calls).toHaveLength(1);
    let drained = false;
    void sink.drained().then(() => (drained = true));
    await settle();
    expect(drained).toBe(false);
    sends.calls[0].ack();
    await settle();
    expect(drained).toBe(true);
    expect(sink.pending).toBe(0);
  });

  it('acknowledges skipped events without sending them, and never lets them pass an unacknowledged post', async () => {
    const { sends, pipeline: sink } = pipeline({ batchMax: 1 });
    sink.push(postEvent(1));
    sink.push({ ...postEvent(2), result: { ok: 'skip', code: 'not_a_post', reason: 'a like' } });
    await settle();
    expect(sends.calls).toHaveLength(1);
    expect(sink.counts.skipped).toBe(1);
    expect(sink.watermark.position).toBeNull();
    sends.calls[0].ack();
    await settle();
    expect(sink.watermark.position?.cursor).toBe('2');
  });

  it('keeps retrying a batch Kafka refuses, says why, and holds the watermark before it', async () => {
    const { sends, delivery, pipeline: sink } = pipeline({ batchMax: 1 });
    sink.push(postEvent(1));
    sink.push(postEvent(2));
    sends.calls[0].fail(new Error('NOT_LEADER_OR_FOLLOWER'));
    sends.calls[1].ack();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(delivery.problem).toMatch(/batch of 1 messages .* NOT_LEADER_OR_FOLLOWER/);
    expect(sink.watermark.position).toBeNull();
    expect(sends.calls).toHaveLength(3);
    expect(sends.calls[2].messages[0].key).toBe('p1');
    sends.calls[2].ack();
    await settle();
    expect(delivery.problem).toBeNull();
    expect(sink.watermark.position?.cursor).toBe('2');
  });

  it('gives up on what Kafka does not take by the end of the close grace, leaving it unacknowledged', async () => {
    const { sends, pipeline: sink } = pipeline({ batchMax: 1 });
    sink.push(postEvent(1));
    const closed = sink.close(10);
    await new Promise((resolve) => setTimeout(resolve, 30));
    sends.calls[0].fail(new Error('broker gone'));
    await closed;
    expect(sink.watermark.position).toBeNull();
    expect(sink.counts.posts).toBe(0);
  });
});
