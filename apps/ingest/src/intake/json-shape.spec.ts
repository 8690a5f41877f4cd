import { describe, expect, it } from 'vitest';
import { jsonShape } from './json-shape';

const shape = (text: string, depthLimit = 64) => jsonShape(Buffer.from(text), depthLimit);

describe('jsonShape', () => {
  it('counts arrays and objects alike towards the depth', () => {
    expect(shape('{"a":[{"b":[]}]}', 4).tooDeep).toBe(false);
    expect(shape('{"a":[{"b":[]}]}', 3).tooDeep).toBe(true);
    expect(shape('['.repeat(100_000), 32).tooDeep).toBe(true);
  });

  it('ignores brackets and commas inside strings, escaped quotes included', () => {
    expect(shape(JSON.stringify([{ text: '[[[[{{{{ \\" ,,, [[[[' }]), 2)).toEqual({
      tooDeep: false,
      items: 1,
    });
  });

  it('counts the items of a top-level array, not those nested in them', () => {
    expect(shape('[]').items).toBe(0);
    expect(shape(' [ ] ').items).toBe(0);
    expect(shape('[1]').items).toBe(1);
    expect(shape('[{"a":[1,2,3]},{"b":{"c":1,"d":2}},3]').items).toBe(3);
    expect(shape(`[${Array(100_000).fill('{}').join(',')}]`).items).toBe(100_000);
    expect(shape('{"a":1,"b":2}').items).toBe(1);
  });

  it('looks only at the given range', () => {
    const bytes = Buffer.from('[[[[[\n[1]');
    expect(jsonShape(bytes, 1, 6).tooDeep).toBe(false);
    expect(jsonShape(bytes, 1, 0, 5).tooDeep).toBe(true);
  });
});
