import { describe, expect, it } from 'vitest';
import { Watermark } from './watermark';

const at = (cursor: number) => ({ cursor: String(cursor), eventTimeMs: cursor });

describe('Watermark', () => {
  it('starts at the committed position and stays there until the first entry is acknowledged', () => {
    const watermark = new Watermark(at(5));
    const ticket = watermark.track(at(6));
    expect(watermark.position).toEqual(at(5));
    watermark.acknowledge(ticket);
    expect(watermark.position).toEqual(at(6));
    expect(watermark.outstanding).toBe(0);
  });

  it('does not pass an entry acknowledged later than the ones after it', () => {
    const watermark = new Watermark();
    const [first, second, third] = [1, 2, 3].map((n) => watermark.track(at(n)));
    watermark.acknowledge(third);
    watermark.acknowledge(second);
    expect(watermark.position).toBeNull();
    expect(watermark.outstanding).toBe(3);
    watermark.acknowledge(first);
    expect(watermark.position).toEqual(at(3));
  });

  it('stops at the last acknowledged entry before a gap', () => {
    const watermark = new Watermark();
    const tickets = [1, 2, 3, 4].map((n) => watermark.track(at(n)));
    watermark.acknowledge(tickets[0]);
    watermark.acknowledge(tickets[1]);
    watermark.acknowledge(tickets[3]);
    expect(watermark.position).toEqual(at(2));
    watermark.acknowledge(tickets[2]);
    expect(watermark.position).toEqual(at(4));
  });

  it('lets an entry without a position hold it back, but never become it', () => {
    const watermark = new Watermark();
    const first = watermark.track(at(1));
    const unknown = watermark.track(null);
    const third = watermark.track(at(3));
    watermark.acknowledge(first);
    watermark.acknowledge(third);
    expect(watermark.position).toEqual(at(1));
    watermark.acknowledge(unknown);
    expect(watermark.position).toEqual(at(3));
    const trailing = watermark.track(null);
    watermark.acknowledge(trailing);
    expect(watermark.position).toEqual(at(3));
  });

  it('refuses a ticket acknowledged twice or never given', () => {
    const watermark = new Watermark();
    const ticket = watermark.track(at(1));
    watermark.acknowledge(ticket);
    expect(() => watermark.acknowledge(ticket)).toThrow('ticket 0 is not outstanding');
    expect(() => watermark.acknowledge(7)).toThrow('ticket 7 is not outstanding');
  });

  it('keeps its tickets valid across compaction, in a long run acknowledged out of order', () => {
    const watermark = new Watermark();
    let expected = 0;
    for (let round = 0; round < 50; round++) {
      const tickets = Array.from({ length: 100 }, (_, i) => watermark.track(at(round * 100 + i + 1)));
      // Acknowledged in reverse, except the round's first entry, which lags one round behind.
      const held = tickets[0];
      for (const ticket of tickets.slice(1).reverse()) watermark.acknowledge(ticket);
      expect(watermark.position === null ? 0 : Number(watermark.position.cursor)).toBe(expected);
      watermark.acknowledge(held);
      expected = round * 100 + 100;
      expect(watermark.position).toEqual(at(expected));
    }
    expect(watermark.outstanding).toBe(0);
  });
});
