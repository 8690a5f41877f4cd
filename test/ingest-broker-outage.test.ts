import { applyTopicCatalog, KafkaConnection } from '@riptide/stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnconfirmedReport } from '../apps/ingest/src/intake/intake.service';
import { LocalKafka } from '../apps/cli/src/kafka/local-kafka';
import { localKafkaPaths } from '../apps/cli/src/kafka/local-kafka-paths';
import { IngestUnderTest, startIngestUnderTest } from './support/ingest-under-test';
import { readTopicUntil } from './support/kafka-test-env';
import { clientPost } from './support/post-fixtures';

const ACK_TIMEOUT_MS = 5_000;
/** Time on top of the bound for the HTTP round trip and a loaded machine. */
const SLACK_MS = 1_500;
/** Small enough that a few unconfirmed batches fill it. */
const MAX_PENDING_BYTES = 200_000;
const BATCH = 200;

/**
 * Ingest against a broker of its own (the shared one on 9092 must never stop): the broker is stopped
 * under it, and ingest must answer 503 with Retry-After within its acknowledgement bound, refuse at once
 * when too much waits, and accept again once the broker is back.
 */
describe('ingest while its broker is away', () => {
  const home = mkdtempSync(join(tmpdir(), 'riptide-outage-kafka-'));
  const broker = new LocalKafka(localKafkaPaths(undefined, home), (line) => console.log(`  ${line}`), {
    port: 39092,
    controllerPort: 39093,
  });
  const connection: KafkaConnection = {
    brokers: [broker.bootstrap],
    clientId: 'test-ingest-outage',
    topicPrefix: 'test.outage.',
  };
  let ingest: IngestUnderTest;
  let sent = 0;

  /** Posts a fresh batch of posts and times the answer. */
  async function postBatch(): Promise<{
    status: number;
    ms: number;
    body: unknown;
    retryAfter: string | null;
  }> {
    const body = Array.from({ length: BATCH }, () => JSON.stringify(clientPost(`outage-${sent++}`))).join(
      '\n',
    );
    const started = performance.now();
    const response = await fetch(`${ingest.url}/v1/posts`, {
      method: 'POST',
      headers: { ...ingest.auth, 'content-type': 'application/x-ndjson' },
      body,
    });
    return {
      status: response.status,
      body: await response.json(),
      ms: Math.round(performance.now() - started),
      retryAfter: response.headers.get('retry-after'),
    };
  }

  beforeAll(async () => {
    await broker.start();
    await applyTopicCatalog(connection);
    ingest = await startIngestUnderTest(connection, {
      ackTimeoutMs: ACK_TIMEOUT_MS,
      maxPendingBytes: MAX_PENDING_BYTES,
    });
  });

  afterAll(async () => {
    await ingest?.close();
    await broker.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('accepts while the broker is up', async () => {
    expect((await postBatch()).status).toBe(202);
  });

  it('answers 503 at the acknowledgement bound while the broker hangs, and accepts once it resumes', async () => {
    const status = broker.status();
    if (!status.running) throw new Error('the test broker is not running');
    // SIGSTOP freezes the broker with its connections open: requests get no answer, not a refusal.
    process.kill(status.pid, 'SIGSTOP');
    let hung;
    try {
      hung = await postBatch();
    } finally {
      process.kill(status.pid, 'SIGCONT');
    }
    console.log(
      `while the broker hung: ${hung.status} ${(hung.body as UnconfirmedReport).reason} in ${hung.ms} ms`,
    );
    expect(hung.status).toBe(503);
    expect((hung.body as UnconfirmedReport).reason).toBe('ack_timeout');
    expect(hung.ms).toBeGreaterThanOrEqual(ACK_TIMEOUT_MS - 50);
    expect(hung.ms).toBeLessThan(ACK_TIMEOUT_MS + SLACK_MS);
    expect(hung.retryAfter).toBe(String(ACK_TIMEOUT_MS / 1000));
    const resumed = await postBatch();
    console.log(`first request after the broker resumed: ${resumed.status} in ${resumed.ms} ms`);
    expect(resumed.status).toBe(202);
  });

  it('answers 503 with Retry-After within the bound once the broker is gone, saying nothing is confirmed', async () => {
    await broker.stop();
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(await postBatch());
    // /ready's semantics belong to the readiness work; only shown here.
    const ready = await fetch(`${ingest.url}/ready`);
    console.log(`/ready during the outage: ${ready.status} ${await ready.text()}`);
    console.log(
      'during the outage:',
      outcomes.map(({ status, ms, body }) => ({ status, ms, reason: (body as UnconfirmedReport).reason })),
    );
    for (const outcome of outcomes) {
      expect(outcome.status).toBe(503);
      expect(outcome.ms).toBeLessThan(ACK_TIMEOUT_MS + SLACK_MS);
      expect(Number(outcome.retryAfter)).toBeGreaterThanOrEqual(1);
      const report = outcome.body as UnconfirmedReport;
      expect(report).toMatchObject({ error: 'broker_unavailable', accepted: 0, unconfirmed: BATCH });
      expect(report.retry_after_s).toBe(Number(outcome.retryAfter));
      expect(report.message).toMatch(/None of the 200 valid items of this batch is confirmed/);
      expect(report.message).toMatch(/Resending the whole batch is safe/);
    }
  });

  it('refuses at once while unconfirmed batches hold more than the pending limit', async () => {
    // Sends are serialised: concurrent batches wait behind each other, and their bytes add up.
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => postBatch()));
    const byReason = new Map<string, number[]>();
    for (const { status, ms, body } of outcomes) {
      expect(status).toBe(503);
      const reason = (body as UnconfirmedReport).reason;
      byReason.set(reason, [...(byReason.get(reason) ?? []), ms]);
    }
    console.log(
      '12 concurrent batches during the outage (reason: answer times in ms):',
      Object.fromEntries(byReason),
    );
    expect(byReason.get('pending_limit')?.length).toBeGreaterThan(0);
    expect(Math.max(...(byReason.get('pending_limit') ?? []))).toBeLessThan(1_000);
    expect(Math.max(...outcomes.map((outcome) => outcome.ms))).toBeLessThan(ACK_TIMEOUT_MS + SLACK_MS);
    const metrics = await (await fetch(`${ingest.url}/metrics`)).text();
    expect(metrics).toMatch(/riptide_ingest_unconfirmed_batches_total\{reason="pending_limit"\} [1-9]/);
  });

  it('accepts again once the broker is back, and what it accepts is on posts.raw', async () => {
    await broker.start();
    const backAt = performance.now();
    const first = await postBatch();
    const firstId = `outage-${sent - 1}`;
    let accepted = first.status === 202 ? first : undefined;
    while (!accepted && performance.now() - backAt < 60_000) {
      expect(first.status).toBe(503);
      await new Promise((done) => setTimeout(done, 250));
      const next = await postBatch();
      if (next.status === 202) accepted = next;
    }
    console.log(
      `first request after the restart: ${first.status} in ${first.ms} ms; first 202 ${Math.round(performance.now() - backAt)} ms after the broker answered`,
    );
    expect(accepted).toBeDefined();
    const lastId = `outage-${sent - 1}`;
    const messages = await readTopicUntil(connection, 'posts.raw', (seen) =>
      seen.some((m) => m.key === lastId),
    );
    expect(messages.some((m) => m.key === lastId)).toBe(true);
    if (first.status === 202) expect(messages.some((m) => m.key === firstId)).toBe(true);
  });
});
