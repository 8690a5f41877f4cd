import { postCodec } from '@riptide/contracts';
import { fillTopic, type KafkaConnection } from '@riptide/stream';
import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedKafka, readTopicUntil } from './support/kafka-test-env';
import { clientPost } from './support/post-fixtures';

const INPUT = 20_000;
const SERVICE = resolve(__dirname, 'support/forwarding-service.ts');

/** Runs the forwarding consumer as its own process, as a deployment would. */
function startConsumerProcess(connection: KafkaConnection): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', SERVICE], {
    cwd: resolve(__dirname, '..'),
    env: {
      ...process.env,
      KAFKA_BROKERS: connection.brokers.join(','),
      RIPTIDE_TOPIC_PREFIX: connection.topicPrefix,
      FORWARD_DELAY_MS: '40',
      CHUNK_SIZE: '500',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolveReady, reject) => {
    child.once('exit', (code) => reject(new Error(`consumer exited early with code ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolveReady(child);
    });
  });
}

describe('at-least-once through a SIGKILL mid-batch', () => {
  let kafka: { connection: KafkaConnection; cleanup: () => Promise<void> };
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    kafka = await isolatedKafka('kill');
    await fillTopic(kafka.connection, 'posts.raw', INPUT, (index) =>
      postCodec.encode({ schema: 'post/v1', ...clientPost(`kill-${index}`) } as never),
    );
  });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await kafka?.cleanup();
  });

  it('delivers every input id downstream at least once after the consumer is killed and restarted', async () => {
    const first = await startConsumerProcess(kafka.connection);
    children.push(first);
    // Let it forward part of the input, then kill it without warning while batches are in hand.
    const partial = await readTopicUntil(
      kafka.connection,
      'posts.scored',
      (seen) => seen.length >= 2_000,
      120_000,
    );
    first.kill('SIGKILL');
    await new Promise((done) => first.once('exit', done));
    expect(partial.length).toBeLessThan(INPUT);

    children.push(await startConsumerProcess(kafka.connection));
    const wanted = new Set(Array.from({ length: INPUT }, (_, index) => `kill-${index}`));
    const delivered = new Set<string>();
    let scanned = 0;
    const all = await readTopicUntil(
      kafka.connection,
      'posts.scored',
      (seen) => {
        for (; scanned < seen.length; scanned++)
          if (wanted.has(seen[scanned].key ?? '')) delivered.add(seen[scanned].key!);
        return delivered.size === wanted.size;
      },
      180_000,
    );
    const missing = [...wanted].filter((id) => !delivered.has(id));
    expect(missing).toEqual([]);
    // Redelivery after the kill may duplicate some outputs (at-least-once), never lose one.
    expect(all.length).toBeGreaterThanOrEqual(INPUT);
  });
});
