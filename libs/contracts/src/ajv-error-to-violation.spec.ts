import { expect, it } from 'vitest';
import { pointerToField } from './ajv-error-to-violation';

it('writes JSON pointers the way people name fields', () => {
  expect(pointerToField('')).toBe('');
  expect(pointerToField('/created_at')).toBe('created_at');
  expect(pointerToField('/urls/3')).toBe('urls[3]');
  expect(pointerToField('/stances/0/probs/2')).toBe('stances[0].probs[2]');
  expect(pointerToField('/headers/a~1b~0c')).toBe('headers.a/b~c');
});
