import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from './json-depth';

const deep = (n: number) => Buffer.from('['.repeat(n) + ']'.repeat(n));

describe('nestsDeeperThan', () => {
  it('counts arrays and objects alike', () => {
    expect(nestsDeeperThan(Buffer.from('{"a":[{"b":[]}]}'), 4)).toBe(false);
    expect(nestsDeeperThan(Buffer.from('{"a":[{"b":[]}]}'), 3)).toBe(true);
    expect(nestsDeeperThan(deep(100_000), 32)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(Buffer.from(JSON.stringify({ text: '[[[[{{{{ \\" [[[[' })), 1)).toBe(false);
  });

  it('looks only at the given range', () => {
    const bytes = Buffer.from('[[[[[\n[1]');
    expect(nestsDeeperThan(bytes, 1, 6)).toBe(false);
    expect(nestsDeeperThan(bytes, 1, 0, 5)).toBe(true);
  });
});
