import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalKafka } from '../../../apps/cli/src/kafka/local-kafka';
import { localKafkaPaths } from '../../../apps/cli/src/kafka/local-kafka-paths';

/** Ports of the fault suite's broker: apart from the developer's 9092 and from other tests' brokers. */
const FAULT_BROKER_PORTS = { port: 29092, controllerPort: 29093 };

export interface DedicatedBroker {
  readonly bootstrap: string;
  /** SIGTERM and wait, as `riptide kafka stop` does. */
  stop(): Promise<void>;
  /** Starts it again on the same data. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

/**
 * A broker of the fault suite's own, in a temporary folder: the suite stops and restarts it, which it
 * must never do to the broker every other test shares. The jars are the developer broker's.
 */
export async function startDedicatedBroker(): Promise<DedicatedBroker> {
  const home = mkdtempSync(join(tmpdir(), 'riptide-fault-broker-'));
  const log = (line: string) => process.stderr.write(`[fault broker] ${line}\n`);
  const kafka = new LocalKafka(localKafkaPaths(undefined, home), log, FAULT_BROKER_PORTS);
  await kafka.start();
  return {
    bootstrap: kafka.bootstrap,
    stop: () => kafka.stop(),
    start: async () => {
      await kafka.start();
    },
    destroy: async () => {
      await kafka.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
