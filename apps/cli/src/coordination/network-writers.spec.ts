import { describe, expect, it } from 'vitest';
import { fromQutEdges, toCsv, toGraphml, toTsv } from './network-writers';

describe('network writers', () => {
  const edges = fromQutEdges([
    { from: 'b', to: 'a', weight: 2 },
    { from: 'a', to: 'b', weight: 1 },
    { from: 'c', to: 'a', weight: 1 },
  ]);

  it('writes one undirected edge per line with account_a < account_b, sorted', () => {
    expect(toTsv(edges)).toBe('a\tb\t2\na\tc\t1\n');
  });

  it('quotes CSV cells that need it and escapes XML', () => {
    expect(toCsv([{ a: 'x,1', b: 'y', weight: 1 }])).toContain('"x,1",y,1');
    expect(toGraphml([{ a: '<a>', b: 'b', weight: 3 }])).toContain('<node id="&lt;a&gt;"/>');
  });
});
