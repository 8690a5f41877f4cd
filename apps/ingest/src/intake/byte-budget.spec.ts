import { describe, expect, it } from 'vitest';
import { ByteBudget } from './byte-budget';

describe('ByteBudget', () => {
  it('grants at once within the limit and makes the next wait until bytes come back', async () => {
    const budget = new ByteBudget(100);
    const first = await budget.acquire(60);
    let secondIn = false;
    const second = budget.acquire(60).then((release) => ((secondIn = true), release));
    await new Promise((done) => setImmediate(done));
    expect(secondIn).toBe(false);
    first();
    (await second)();
    expect(budget.inUse).toBe(0);
  });

  it('serves waiters in order, so a large request is not starved by small ones', async () => {
    const budget = new ByteBudget(100);
    const held = await budget.acquire(90);
    const order: string[] = [];
    const large = budget.acquire(80).then((release) => (order.push('large'), release));
    const small = budget.acquire(5).then((release) => (order.push('small'), release));
    held();
    (await large)();
    (await small)();
    expect(order).toEqual(['large', 'small']);
  });

  it('lets one request larger than the limit in when nothing else holds the budget', async () => {
    const budget = new ByteBudget(100);
    const release = await budget.acquire(1_000);
    expect(budget.inUse).toBe(100);
    release();
    release(); // giving back twice is harmless
    expect(budget.inUse).toBe(0);
  });
});
