import { createProducerSink, type KafkaConnection } from '@riptide/stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ScaledRole } from './scaled-role';

const FILL_CHUNK = 5_000;
const STEADY_TICK_MS = 100;

/** Produces inputs 0…count-1 of a role, acknowledged, before any instance starts: the preloaded backlog. */
export async function fillInput(
  connection: KafkaConnection,
  role: ScaledRole,
  count: number,
  progress: (line: string) => void,
): Promise<void> {
  const sink = createProducerSink(connection);
  await sink.connect();
  try {
    for (let start = 0; start < count; start += FILL_CHUNK) {
      const chunk = [];
      for (let index = start; index < Math.min(count, start + FILL_CHUNK); index++)
        chunk.push({ topic: role.inputTopic, ...role.message(index) });
      await sink.send(chunk);
      if ((start / FILL_CHUNK) % 20 === 19)
        progress(`${role.name}: ${start + chunk.length} ${role.items} filled`);
    }
  } finally {
    await sink.disconnect();
  }
}

export interface SteadyInput {
  /** Stops producing; resolves with how many inputs were produced (0…n-1). */
  stop(): Promise<number>;
}

/**
 * Produces a role's inputs at a steady rate from index 0 until stopped: a stream that keeps every
 * partition busy while instances join and die, at a rate one instance keeps up with.
 */
export async function startSteadyInput(
  connection: KafkaConnection,
  role: ScaledRole,
  perSecond: number,
): Promise<SteadyInput> {
  const sink = createProducerSink(connection);
  await sink.connect();
  const startedAt = performance.now();
  let produced = 0;
  let stopping = false;
  const loop = (async () => {
    while (!stopping) {
      const due = Math.floor(((performance.now() - startedAt) / 1000) * perSecond);
      const chunk = [];
      for (; produced < due; produced++) chunk.push({ topic: role.inputTopic, ...role.message(produced) });
      if (chunk.length > 0) await sink.send(chunk);
      await sleep(STEADY_TICK_MS);
    }
  })();
  return {
    async stop() {
      stopping = true;
      try {
        await loop;
      } finally {
        await sink.disconnect();
      }
      return produced;
    },
  };
}
