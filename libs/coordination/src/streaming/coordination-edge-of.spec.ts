import { coordinationEdgeCodec } from '@riptide/contracts';
import { describe, expect, it } from 'vitest';
import { coordinationEdgeOf, SIGNAL_OF_KIND } from './coordination-edge-of';
import type { CoEdge } from '../share';

const edge: CoEdge = {
  signal: 'co-post',
  object: 'post:9',
  older: 'zed',
  newer: 'amy',
  olderId: 'p-old',
  newerId: 'p-new',
  time: 1_700_000_100,
  deltaSeconds: 40,
  weight: 1,
};

describe('coordinationEdgeOf', () => {
  it('spells the pair with the smaller account first and keeps each post with its account and time', () => {
    const contract = coordinationEdgeOf(edge, '2026-12-05T00:00:00.000Z');
    expect(contract).toMatchObject({
      account_a: 'amy',
      post_a: 'p-new',
      at_a: new Date(1_700_000_100_000).toISOString(),
      account_b: 'zed',
      post_b: 'p-old',
      at_b: new Date(1_700_000_060_000).toISOString(),
      delta_t_s: 40,
    });
    expect(coordinationEdgeCodec.decode(coordinationEdgeCodec.encode(contract))).toMatchObject({ ok: true });
  });

  it('places the newer share at the time given, the older delta seconds before it', () => {
    const contract = coordinationEdgeOf(edge, '2026-12-05T00:00:00.000Z', 1_800_000_000);
    expect([contract.at_a, contract.at_b]).toEqual([
      new Date(1_800_000_000_000).toISOString(),
      new Date(1_799_999_960_000).toISOString(),
    ]);
  });

  it('maps every shared-object kind back to its signal', () => {
    expect(SIGNAL_OF_KIND.post).toBe('co-post');
    expect(SIGNAL_OF_KIND.url).toBe('co-url');
    expect(new Set(Object.values(SIGNAL_OF_KIND)).size).toBe(Object.keys(SIGNAL_OF_KIND).length);
  });
});
