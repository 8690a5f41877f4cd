import { describe, expect, it } from 'vitest';
import { formatApiKeyToken, generateApiKeyToken, parseApiKeyToken } from './api-key-token';

describe('API key tokens', () => {
  it('round-trips a generated key through its text form', () => {
    const token = generateApiKeyToken();
    const text = formatApiKeyToken(token);
    expect(text).toMatch(/^rtk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(parseApiKeyToken(text)).toEqual(token);
  });

  it('gives every key its own id and secret', () => {
    const tokens = Array.from({ length: 100 }, generateApiKeyToken);
    expect(new Set(tokens.map((t) => t.id)).size).toBe(100);
    expect(new Set(tokens.map((t) => t.secret)).size).toBe(100);
  });

  it.each([
    '',
    'rtk_',
    'Bearer rtk_0123456789abcdef_' + 'a'.repeat(43),
    'rtk_0123456789ABCDEF_' + 'a'.repeat(43),
    'rtk_0123456789abcdef_' + 'a'.repeat(42),
    'rtk_0123456789abcdef_' + 'a'.repeat(44),
    'xyz_0123456789abcdef_' + 'a'.repeat(43),
    'rtk_0123456789abcdef_' + 'a'.repeat(42) + '=',
  ])('refuses the malformed key %j', (text) => {
    expect(parseApiKeyToken(text)).toBeUndefined();
  });
});
