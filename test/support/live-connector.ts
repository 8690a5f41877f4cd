import { metricsExposition } from '@riptide/observability';
import { topicEndOffsets, type KafkaConnection } from '@riptide/stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectorConfigFromEnv } from '../../apps/connector/src/connector-config';
import { startConnector, type ConnectorService } from '../../apps/connector/src/main';
import { ServiceProcess } from './faults/service-process';
import { readTopicUntil } from './kafka-test-env';

/**
 * The environment a test connector runs with on `connection` (its broker and private prefix): a free
 * HTTP port, reconnects and cursor commits fast enough that a test sees them within seconds.
 */
export function connectorEnv(
  connection: KafkaConnection,
  env: Record<string, string>,
): Record<string, string> {
  return {
    KAFKA_BROKERS: connection.brokers.join(','),
    RIPTIDE_TOPIC_PREFIX: connection.topicPrefix,
    CONNECTOR_HTTP_PORT: '0',
    CONNECTOR_RECONNECT_INITIAL_MS: '100',
    CONNECTOR_RECONNECT_MAX_MS: '1000',
    CONNECTOR_CURSOR_COMMIT_MS: '200',
    ...env,
  };
}

/** The connector in this process, as `riptide connect` runs it. */
export function startTestConnector(
  connection: KafkaConnection,
  env: Record<string, string>,
): Promise<ConnectorService> {
  return startConnector(connectorConfigFromEnv({ ...process.env, ...connectorEnv(connection, env) }));
}

/** The connector as its own process, as deployed (the fault tests kill it, or its broker); logs in a temporary folder. */
export function connectorProcess(
  connection: KafkaConnection,
  env: Record<string, string>,
): Promise<ServiceProcess> {
  return ServiceProcess.create(
    {
      name: 'connector',
      entry: 'apps/connector/src/main.ts',
      portVariable: 'CONNECTOR_HTTP_PORT',
      env: connectorEnv(connection, env),
    },
    mkdtempSync(join(tmpdir(), 'riptide-faults-connector-')),
  );
}

/** What a keyed topic holds, read to its current end. */
export interface KeyedTopic {
  readonly keys: ReadonlySet<string>;
  readonly messages: number;
  /** Messages beyond the first of their key. */
  readonly duplicates: number;
  /** Keys whose repeats differ from their first value (a re-send must be byte-identical). */
  readonly differingRepeats: readonly string[];
  /** The first value of each key. */
  readonly values: ReadonlyMap<string, Buffer>;
}

export async function readKeyedTopic(connection: KafkaConnection, topic: string): Promise<KeyedTopic> {
  let end = 0;
  for (const offset of (await topicEndOffsets(connection, topic)).values()) end += Number(offset);
  const read = end === 0 ? [] : await readTopicUntil(connection, topic, (messages) => messages.length >= end);
  const values = new Map<string, Buffer>();
  const differingRepeats = new Set<string>();
  for (const message of read) {
    const key = message.key ?? '';
    const first = values.get(key);
    if (first === undefined) values.set(key, message.value);
    else if (!first.equals(message.value)) differingRepeats.add(key);
  }
  return {
    keys: new Set(values.keys()),
    messages: read.length,
    duplicates: read.length - values.size,
    differingRepeats: [...differingRepeats],
    values,
  };
}

/** The value of a sample in Prometheus text, whatever the order of its labels; 0 when absent. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((pair) => present.includes(pair))) total += Number(match[3]);
  }
  return total;
}

/**
 * Counters are per process and every in-process connector adds to the same ones: a test compares the
 * connector's /metrics with what they held before it started.
 */
export class MetricsDelta {
  private constructor(private readonly before: string) {}

  static async now(): Promise<MetricsDelta> {
    return new MetricsDelta(await metricsExposition());
  }

  /** The increase since `now()` of the samples matching `labels` (summed), as /metrics at `url` says. */
  async since(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
    const after = await (await fetch(`${url}/metrics`)).text();
    return metricValue(after, name, labels) - metricValue(this.before, name, labels);
  }
}

export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Missing ids, sorted, for a message that shows what was lost. */
export function missing(expected: ReadonlySet<string>, actual: ReadonlySet<string>): string[] {
  return [...expected].filter((id) => !actual.has(id)).sort();
}
