import { envInt, gauge, healthRegistry } from '@riptide/observability';
import type { KafkaConnection } from '../config/kafka-connection';
import { createKafka } from './kafka-client';

export interface BrokerReachabilityOptions {
  /** How often a probe asks the cluster for its metadata. */
  readonly probeIntervalMs: number;
  /** No answer for longer than this fails readiness: a broker restart or a leader move takes a few seconds. */
  readonly graceMs: number;
}

/** RIPTIDE_BROKER_PROBE_INTERVAL_MS (default 2000) and RIPTIDE_READY_BROKER_GRACE_MS (default 10000). */
export function brokerReachabilityFromEnv(
  env: Record<string, string | undefined> = process.env,
): BrokerReachabilityOptions {
  return {
    probeIntervalMs: envInt('RIPTIDE_BROKER_PROBE_INTERVAL_MS', 2_000, { min: 100, max: 60_000 }, env),
    graceMs: envInt('RIPTIDE_READY_BROKER_GRACE_MS', 10_000, { min: 0, max: 600_000 }, env),
  };
}

const brokerUp = gauge('riptide_stream_broker_up', '1 while the Kafka cluster answers metadata probes', []);

/**
 * Whether the broker answers, as this process sees it. A consumer whose broker has gone keeps its group
 * membership in its own memory and a producer keeps retrying, so neither notices for tens of seconds;
 * readiness must. A probe asks for cluster metadata every `probeIntervalMs` (bounded by the interval,
 * so a hung broker counts as down too); `/ready` fails once no probe has answered for `graceMs`.
 */
export class BrokerReachability {
  private lastAnswerAt: number;
  private lastError = 'no probe has answered yet';
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly connection: KafkaConnection,
    private readonly options: BrokerReachabilityOptions,
  ) {
    this.lastAnswerAt = Date.now();
  }

  start(): void {
    if (this.timer) return;
    healthRegistry.register('kafka-broker', () => this.check());
    const tick = () => {
      void this.probe().finally(() => {
        this.timer = setTimeout(tick, this.options.probeIntervalMs).unref();
      });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  /** Milliseconds since the broker last answered. */
  private get silentForMs(): number {
    return Date.now() - this.lastAnswerAt;
  }

  private check() {
    const silent = this.silentForMs;
    if (silent <= this.options.graceMs) return true;
    return {
      ok: false as const,
      reason: `no answer from ${this.connection.brokers.join(',')} for ${Math.round(silent / 1000)} s (${this.lastError})`,
    };
  }

  /**
   * One metadata request on a connection of its own, closed again: a connection kept open between
   * probes would keep a process alive that has nothing else left to do (a CLI run, a benchmark).
   */
  private async probe(): Promise<void> {
    const admin = createKafka(this.connection, 'probe').admin();
    try {
      await withinMs(
        (async () => {
          await admin.connect();
          await admin.describeCluster();
        })(),
        Math.max(this.options.probeIntervalMs, 1_000),
      );
      this.lastAnswerAt = Date.now();
      brokerUp.set(1);
    } catch (error) {
      this.lastError = (error as Error).message;
      brokerUp.set(this.silentForMs > this.options.graceMs ? 0 : 1);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

let shared: BrokerReachability | undefined;

/**
 * The one reachability watch of this process (every consumer and producer of a process share a
 * cluster), started on first use. Called by each component that talks to the broker.
 */
export function watchBrokerReachability(connection: KafkaConnection): BrokerReachability {
  shared ??= new BrokerReachability(connection, brokerReachabilityFromEnv());
  shared.start();
  return shared;
}

function withinMs<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
