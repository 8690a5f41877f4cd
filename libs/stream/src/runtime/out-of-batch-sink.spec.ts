import { describe, expect, it } from 'vitest';
import { LazilyConnectedSink } from './out-of-batch-sink';
import type { OutboundMessage } from './stream-message';

class CountingSink {
  connects = 0;
  disconnects = 0;
  failNextConnect = false;
  readonly sent: OutboundMessage[] = [];
  async connect(): Promise<void> {
    this.connects++;
    if (this.failNextConnect) {
      this.failNextConnect = false;
      throw new Error('broker unreachable');
    }
  }
  async send(messages: readonly OutboundMessage[]): Promise<void> {
    this.sent.push(...messages);
  }
  async disconnect(): Promise<void> {
    this.disconnects++;
  }
}

const message: OutboundMessage = { topic: 't', key: 'k', value: Buffer.from('v') };

describe('LazilyConnectedSink', () => {
  it('connects on the first send only, and disconnects what it connected', async () => {
    const inner = new CountingSink();
    const sink = new LazilyConnectedSink(inner);
    await sink.disconnect();
    expect(inner.disconnects).toBe(0);
    await sink.send([message]);
    await sink.send([message]);
    expect(inner.connects).toBe(1);
    expect(inner.sent).toHaveLength(2);
    await sink.disconnect();
    expect(inner.disconnects).toBe(1);
  });

  it('tries a failed connection again on the next send', async () => {
    const inner = new CountingSink();
    inner.failNextConnect = true;
    const sink = new LazilyConnectedSink(inner);
    await expect(sink.send([message])).rejects.toThrow('broker unreachable');
    await sink.send([message]);
    expect(inner.connects).toBe(2);
    expect(inner.sent).toHaveLength(1);
  });
});
