import type { Codec } from '@riptide/contracts';
import { performance } from 'node:perf_hooks';
import { KafkaConnection, physicalTopic } from '../config/kafka-connection';
import { createKafka } from '../kafka/kafka-client';
import { BatchConsumer } from '../runtime/batch-consumer';
import { PRODUCE_REQUEST_MESSAGES } from '../kafka/kafkajs-record-producer';
import { createWithRetry } from '../topics/apply-topics';
import { deadLetterTopicOf } from '../topics/topic-catalog';

/**
 * Pass-through benchmarks through a real broker: a topic is filled once, then a consumer reads every
 * message and produces it to an output topic, acknowledged, with offsets committed. The bare kafkajs
 * loop is the baseline; the same loop on libs/stream (decode + validate + DLQ routing) is compared with
 * it in the same run. Both use the same fetch sizes and one partition-at-a-time processing.
 */
export interface PassThroughRun {
  readonly messages: number;
  readonly seconds: number;
  readonly per_s: number;
  /** Messages produced, when a run produces more than it consumes (a fan-out). */
  readonly output_messages?: number;
  /**
   * CPU of this process (user + system, every thread) per input message over the timed window. On one
   * core, 1e6 / this is the most input messages per second the loop could ever move, however idle the
   * broker: the figure a per-core ceiling is built from (wall time overlaps waiting on the broker).
   */
  readonly cpu_us_per_input: number;
}

/** A point of the timed window: wall clock and this process's CPU. */
interface Mark {
  readonly at: number;
  readonly cpu: NodeJS.CpuUsage;
}

function mark(): Mark {
  return { at: performance.now(), cpu: process.cpuUsage() };
}

const FETCH_BYTES = 8 * 1024 * 1024;

export async function createBenchTopics(
  connection: KafkaConnection,
  logicalNames: string[],
  partitions: number,
): Promise<void> {
  const admin = createKafka(connection).admin();
  await admin.connect();
  try {
    // Bench topics live for one run (deleteBenchTopics); an hour of retention is plenty.
    const specs = logicalNames
      .flatMap((name) => [name, deadLetterTopicOf(name)])
      .map((name) => ({
        name,
        partitions,
        cleanupPolicy: 'delete' as const,
        retentionMs: 60 * 60 * 1000,
        description: 'benchmark topic',
      }));
    await createWithRetry(admin, specs, (name) => physicalTopic(connection, name));
  } finally {
    await admin.disconnect();
  }
}

export async function deleteBenchTopics(connection: KafkaConnection, logicalNames: string[]): Promise<void> {
  const admin = createKafka(connection).admin();
  await admin.connect();
  try {
    const names = logicalNames
      .flatMap((name) => [name, deadLetterTopicOf(name)])
      .map((name) => physicalTopic(connection, name));
    await admin.deleteTopics({ topics: names });
  } finally {
    await admin.disconnect();
  }
}

/** Produces `count` messages (key = message index) in large acknowledged batches. */
export async function fillTopic(
  connection: KafkaConnection,
  logicalTopic: string,
  count: number,
  valueOf: (index: number) => Buffer,
  progress: (done: number) => void = () => undefined,
): Promise<void> {
  const producer = createKafka(connection).producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    const topic = physicalTopic(connection, logicalTopic);
    for (let start = 0; start < count; start += 5_000) {
      const messages = [];
      for (let index = start; index < Math.min(count, start + 5_000); index++)
        messages.push({ key: String(index), value: valueOf(index) });
      await producer.send({ topic, messages, acks: -1 });
      progress(Math.min(count, start + 5_000));
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * The baseline: kafkajs eachBatch, produce every message as is (in requests of the size kafkajs is
 * fastest with, as a competent bare loop would), resolve, commit. Nothing else.
 */
export async function runBarePassThrough(
  connection: KafkaConnection,
  input: string,
  output: string,
  count: number,
  groupId: string,
): Promise<PassThroughRun> {
  const kafka = createKafka(connection);
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  const consumer = kafka.consumer({
    groupId: physicalTopic(connection, groupId),
    maxBytesPerPartition: FETCH_BYTES,
    maxWaitTimeInMs: 100,
  });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [physicalTopic(connection, input)], fromBeginning: true });
  const outputTopic = physicalTopic(connection, output);
  let seen = 0;
  let started: Mark | undefined;
  const done = new Promise<Mark>((resolve) => {
    void consumer.run({
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }) => {
        started ??= mark();
        for (let start = 0; start < batch.messages.length; start += PRODUCE_REQUEST_MESSAGES) {
          const messages = batch.messages
            .slice(start, start + PRODUCE_REQUEST_MESSAGES)
            .map((m) => ({ key: m.key, value: m.value }));
          await producer.send({ topic: outputTopic, acks: -1, messages });
        }
        resolveOffset(batch.messages[batch.messages.length - 1].offset);
        await heartbeat();
        await commitOffsetsIfNecessary();
        seen += batch.messages.length;
        if (seen >= count) resolve(mark());
      },
    });
  });
  const finished = await done;
  await consumer.disconnect();
  await producer.disconnect();
  return result(count, started!, finished);
}

/**
 * Extra messages produced per input, on average (fractions spread evenly over the inputs), each a copy
 * of `value` under a key of its own so that they spread over the partitions as keyed events do.
 */
export interface FanOut {
  readonly perInput: number;
  readonly value: Buffer;
}

/**
 * The same loop on libs/stream: every message decoded and validated with `codec`, then forwarded. With
 * `fanOut`, each input also yields that many extra messages: a service's output contract with none of
 * its work, so the figure is the ceiling of any service that emits that many messages per input here.
 */
export async function runStreamPassThrough<T>(
  connection: KafkaConnection,
  input: string,
  output: string,
  count: number,
  groupId: string,
  codec: Codec<T>,
  fanOut?: FanOut,
): Promise<PassThroughRun> {
  let inputs = 0;
  let produced = 0;
  let seen = 0;
  let started: Mark | undefined;
  let finish: (at: Mark) => void = () => undefined;
  const done = new Promise<Mark>((resolve) => (finish = resolve));
  const consumer = new BatchConsumer({
    connection,
    groupId,
    maxBytesPerPartition: FETCH_BYTES,
    subscriptions: [
      {
        topic: input,
        codec: codec as Codec<unknown>,
        handler: (messages) => {
          started ??= mark();
          const outputs = [];
          for (const message of messages) {
            outputs.push({ topic: output, key: message.key, value: message.raw });
            if (!fanOut) continue;
            inputs++;
            const extra = Math.floor(inputs * fanOut.perInput) - Math.floor((inputs - 1) * fanOut.perInput);
            for (let index = 0; index < extra; index++)
              outputs.push({ topic: output, key: `${message.key}/${index}`, value: fanOut.value });
          }
          produced += outputs.length;
          return outputs;
        },
      },
    ],
    onBatchDone: ({ messages }) => {
      seen += messages;
      if (seen >= count) finish(mark());
    },
  });
  await consumer.start();
  const finished = await done;
  await consumer.stop();
  return { ...result(count, started!, finished), ...(fanOut ? { output_messages: produced } : {}) };
}

function result(messages: number, started: Mark, finished: Mark): PassThroughRun {
  const seconds = (finished.at - started.at) / 1000;
  const cpuMicros = finished.cpu.user - started.cpu.user + (finished.cpu.system - started.cpu.system);
  return {
    messages,
    seconds: round(seconds, 3),
    per_s: Math.round(messages / seconds),
    cpu_us_per_input: round(cpuMicros / messages, 2),
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
