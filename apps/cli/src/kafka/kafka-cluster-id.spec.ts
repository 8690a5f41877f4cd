import { describe, expect, it } from 'vitest';
import { newKafkaClusterId } from './kafka-cluster-id';

describe('newKafkaClusterId', () => {
  it('draws again when the id would start with "-", which the storage tool reads as an option', () => {
    // 0xf8 = 0b111110..: the first base64url digit is 62, '-'.
    const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0x01)];
    const id = newKafkaClusterId(() => draws.shift()!);
    expect(draws).toHaveLength(0);
    expect(id).toBe(Buffer.alloc(16, 0x01).toString('base64url'));
  });

  it('is 22 base64url characters', () => {
    expect(newKafkaClusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});
