import type { Admin } from 'kafkajs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KafkaConnection } from '../../config/kafka-connection';
import { backoffDelayMs } from '../../runtime/backoff';
import { createKafka } from '../kafka-client';
import { murmur2 } from '../murmur2-partitioner';
import { isSecurityRefusal } from '../security/kafkajs-security';
import { BrokerConnection, BrokerConnectionError } from './broker-connection';
import {
  errorAction,
  errorName,
  INIT_PRODUCER_ID_API,
  PRODUCE_API,
  readInitProducerIdResponse,
  readProduceResponse,
  writeInitProducerIdRequest,
  writeProduceRequest,
  type PartitionBatch,
} from './produce-protocol';
import type { ProducedRecord } from './record-batch';

export interface TopicRecords {
  /** Physical topic name. */
  readonly topic: string;
  readonly records: readonly ProducedRecord[];
}

export interface DirectProducerOptions {
  /** Attempts after the first for a partition batch that failed with a retriable error. */
  readonly retries?: number;
  readonly requestTimeoutMs?: number;
  /** A partition's records are cut into batches of at most about this many bytes (brokers cap a batch at 1 MiB by default). */
  readonly maxBatchBytes?: number;
}

interface TopicRoute {
  /** Leader node id per partition (-1: none right now). */
  readonly leaders: number[];
  roundRobin: number;
}

/** A partition's records for one request, before sequence numbers are given out. */
interface UnsequencedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly ProducedRecord[];
}

interface AttemptOutcome {
  readonly retry: PartitionBatch[];
  readonly reasons: string[];
  readonly resetProducer: boolean;
}

const RECORD_OVERHEAD_BYTES = 16;

/**
 * An idempotent producer that encodes Kafka's produce requests itself. kafkajs spends about as much
 * CPU on each produced message as a whole consume-and-forward costs (a Long and a zero-filled
 * 512-byte buffer per record, a per-message copy of the partition's array, a JavaScript CRC per
 * batch); the scorer writes five messages per post, so that was a third of its time. This writes each
 * partition's records straight into one reused buffer as a record batch, checksums it once and sends
 * one request per leader broker, at about a tenth of kafkajs's CPU per message (docs/stream.md).
 *
 * kafkajs stays for what is not on the hot path: cluster and topic metadata come from its admin client.
 * Keys go to the partitions kafkajs's and Java's default partitioners choose (murmur2 of the key bytes);
 * records without a key go round-robin. Sends are serialised: each partition's sequence numbers reach
 * the broker in order, so a retried batch is written once (the broker answers a duplicate sequence
 * with DUPLICATE_SEQUENCE_NUMBER or the original offset). Every batch is acknowledged by all in-sync
 * replicas (acks -1) before send() resolves.
 */
export class DirectProducer {
  private readonly admin: Admin;
  private readonly retries: number;
  private readonly requestTimeoutMs: number;
  private readonly maxBatchBytes: number;
  private readonly brokers = new Map<number, { host: string; port: number }>();
  private readonly connections = new Map<number, Promise<BrokerConnection>>();
  private readonly routes = new Map<string, TopicRoute>();
  private readonly nextSequence = new Map<string, number>();
  private producerId = -1n;
  private producerEpoch = -1;
  private needsNewProducerId = true;
  private queue: Promise<unknown> = Promise.resolve();
  private keyBytes = Buffer.allocUnsafe(256);

  constructor(
    private readonly connection: Pick<KafkaConnection, 'brokers' | 'clientId' | 'tls' | 'sasl'>,
    options: DirectProducerOptions = {},
  ) {
    // This class retries with its own backoff (capped at 5 s). An admin client retrying underneath
    // would stretch every attempt by kafkajs's backoff (about 50 s in all while a broker is down), so
    // a send could not give up, or recover when the broker returns, in anything like that time.
    this.admin = createKafka(connection, 'probe').admin();
    this.retries = options.retries ?? 8;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.maxBatchBytes = options.maxBatchBytes ?? 900_000;
  }

  async connect(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.admin.connect();
        await this.refreshBrokers();
        break;
      } catch (error) {
        // A refused password or certificate stays refused: fail the start now, with the broker's reason.
        if (attempt >= this.retries || isSecurityRefusal(error)) throw error;
        await sleep(backoffDelayMs(attempt, 100, 5_000));
      }
    }
    await this.initProducerId();
  }

  async disconnect(): Promise<void> {
    await this.queue.catch(() => undefined);
    for (const connection of this.connections.values()) (await connection.catch(() => undefined))?.close();
    this.connections.clear();
    await this.admin.disconnect();
  }

  /** Produces every record and resolves once all are acknowledged; rejects naming the failing partitions. */
  send(topics: readonly TopicRecords[]): Promise<void> {
    const run = this.queue.then(() => this.sendNow(topics));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async sendNow(topics: readonly TopicRecords[]): Promise<void> {
    if (this.needsNewProducerId) await this.initProducerId();
    const rounds = await this.partitionIntoRounds(topics);
    try {
      for (const round of rounds) await this.produceRound(round);
    } catch (error) {
      // Sequence numbers were handed out for batches that never landed: start over with a new id.
      this.needsNewProducerId = true;
      throw error;
    }
  }

  /**
   * Records grouped by partition and cut by size into batches; round k holds every partition's k-th
   * batch, and rounds are produced one after another so that each partition's batches stay in order.
   */
  private async partitionIntoRounds(topics: readonly TopicRecords[]): Promise<UnsequencedBatch[][]> {
    // Per topic, one list of records per partition (a topic named twice shares its lists).
    const byTopic = new Map<string, ProducedRecord[][]>();
    for (const { topic, records } of topics) {
      if (records.length === 0) continue;
      const route = await this.route(topic);
      let lists = byTopic.get(topic);
      if (!lists) byTopic.set(topic, (lists = route.leaders.map((): ProducedRecord[] => [])));
      for (const record of records) lists[this.partitionOf(record.key, route)].push(record);
    }
    const rounds: UnsequencedBatch[][] = [];
    for (const [topic, lists] of byTopic) {
      lists.forEach((records, partition) => {
        let round = 0;
        let start = 0;
        let bytes = 0;
        for (let i = 0; i < records.length; i++) {
          const size = recordBytes(records[i]);
          if (i > start && bytes + size > this.maxBatchBytes) {
            (rounds[round++] ??= []).push({ topic, partition, records: records.slice(start, i) });
            start = i;
            bytes = 0;
          }
          bytes += size;
        }
        if (records.length > start)
          (rounds[round] ??= []).push({
            topic,
            partition,
            records: start === 0 ? records : records.slice(start),
          });
      });
    }
    return rounds;
  }

  /** Numbers a batch with its partition's next sequence numbers under the current producer id. */
  private sequenced({ topic, partition, records }: UnsequencedBatch): PartitionBatch {
    const id = `${topic}\u0000${partition}`;
    const baseSequence = this.nextSequence.get(id) ?? 0;
    // Sequence numbers wrap at 2^31 - 1, as the broker expects.
    this.nextSequence.set(id, (baseSequence + records.length) % 2 ** 31);
    return {
      topic,
      partition,
      records,
      sequence: { producerId: this.producerId, producerEpoch: this.producerEpoch, baseSequence },
    };
  }

  private partitionOf(key: string | null, route: TopicRoute): number {
    const partitions = route.leaders.length;
    if (key === null) return route.roundRobin++ % partitions;
    const length = Buffer.byteLength(key);
    if (this.keyBytes.length < length) this.keyBytes = Buffer.allocUnsafe(length * 2);
    this.keyBytes.write(key, 0, length, 'utf8');
    return (murmur2(this.keyBytes, length) & 0x7fffffff) % partitions;
  }

  private async produceRound(batches: UnsequencedBatch[]): Promise<void> {
    // Numbered when the round starts, so that a producer id renewed in an earlier round applies.
    let remaining = batches.map((batch) => this.sequenced(batch));
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt(remaining);
      if (outcome.retry.length === 0) return;
      if (attempt >= this.retries) {
        throw new Error(
          `produce: gave up after ${attempt + 1} attempts on ${outcome.retry.length} partition batches: ${outcome.reasons.join('; ')}`,
        );
      }
      await sleep(backoffDelayMs(attempt, 100, 5_000));
      this.routes.clear();
      await this.refreshBrokers().catch(() => undefined);
      if (outcome.resetProducer) {
        // A new producer id restarts every partition's sequence: renumber what is left to send.
        await this.initProducerId();
        remaining = outcome.retry.map((batch) => this.sequenced(batch));
      } else remaining = outcome.retry;
    }
  }

  /** One request per leader broker, in parallel; what failed retriably comes back to be retried. */
  private async attempt(batches: PartitionBatch[]): Promise<AttemptOutcome> {
    const byLeader = new Map<number, PartitionBatch[]>();
    const retry: PartitionBatch[] = [];
    const reasons: string[] = [];
    let resetProducer = false;
    for (const batch of batches) {
      const route = await this.route(batch.topic).catch((error: Error) => error);
      const leader = route instanceof Error ? -1 : (route.leaders[batch.partition] ?? -1);
      if (leader < 0) {
        retry.push(batch);
        reasons.push(
          route instanceof Error ? route.message : `${batch.topic}[${batch.partition}]: no leader`,
        );
        continue;
      }
      const group = byLeader.get(leader);
      if (group) group.push(batch);
      else byLeader.set(leader, [batch]);
    }

    await Promise.all(
      [...byLeader].map(async ([leader, group]) => {
        let results;
        try {
          const connection = await this.connectionTo(leader);
          const timestamp = Date.now();
          results = readProduceResponse(
            await connection.request(PRODUCE_API.key, PRODUCE_API.version, (writer) =>
              writeProduceRequest(writer, group, this.requestTimeoutMs, timestamp),
            ),
          );
        } catch (error) {
          if (!(error instanceof BrokerConnectionError)) throw error;
          this.connections.delete(leader);
          retry.push(...group);
          reasons.push(error.message);
          return;
        }
        const byId = new Map(results.map((result) => [`${result.topic}\u0000${result.partition}`, result]));
        for (const batch of group) {
          const result = byId.get(`${batch.topic}\u0000${batch.partition}`);
          // A partition missing from the response is treated as not written: retried like a lost response.
          const action = result ? errorAction(result.errorCode) : 'retry';
          if (action === 'ok') continue;
          const reason = `${batch.topic}[${batch.partition}]: ${result ? errorName(result.errorCode) : 'no result in the response'}`;
          if (action === 'fail') throw new Error(`produce: ${reason}`);
          if (action === 'reset-producer') resetProducer = true;
          retry.push(batch);
          reasons.push(reason);
        }
      }),
    );
    return { retry, reasons, resetProducer };
  }

  private async route(topic: string): Promise<TopicRoute> {
    const known = this.routes.get(topic);
    if (known) return known;
    let metadata;
    try {
      metadata = await this.admin.fetchTopicMetadata({ topics: [topic] });
    } catch (error) {
      throw new Error(`topic "${topic}": no metadata (${(error as Error).message}); does it exist?`);
    }
    const partitions = metadata.topics[0]?.partitions ?? [];
    if (partitions.length === 0) throw new Error(`topic "${topic}": the broker reports no partitions`);
    const leaders: number[] = [];
    for (const partition of partitions) leaders[partition.partitionId] = partition.leader;
    const route = { leaders, roundRobin: 0 };
    this.routes.set(topic, route);
    return route;
  }

  private async refreshBrokers(): Promise<void> {
    const cluster = await this.admin.describeCluster();
    this.brokers.clear();
    for (const broker of cluster.brokers)
      this.brokers.set(broker.nodeId, { host: broker.host, port: broker.port });
  }

  private connectionTo(nodeId: number): Promise<BrokerConnection> {
    const existing = this.connections.get(nodeId);
    if (existing) {
      return existing.then((connection) => {
        if (connection.usable) return connection;
        this.connections.delete(nodeId);
        return this.connectionTo(nodeId);
      });
    }
    const broker = this.brokers.get(nodeId);
    if (!broker)
      return Promise.reject(new BrokerConnectionError(`broker ${nodeId}: not in the cluster metadata`));
    const opening = BrokerConnection.open(broker.host, broker.port, {
      clientId: this.connection.clientId,
      connectTimeoutMs: 10_000,
      requestTimeoutMs: this.requestTimeoutMs + 5_000,
      tls: this.connection.tls,
      sasl: this.connection.sasl,
    });
    this.connections.set(nodeId, opening);
    opening.catch(() => this.connections.delete(nodeId));
    return opening;
  }

  private async initProducerId(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const nodeId = [...this.brokers.keys()][attempt % Math.max(1, this.brokers.size)];
      try {
        const connection = await this.connectionTo(nodeId);
        const response = readInitProducerIdResponse(
          await connection.request(
            INIT_PRODUCER_ID_API.key,
            INIT_PRODUCER_ID_API.version,
            writeInitProducerIdRequest,
          ),
        );
        if (response.errorCode === 0) {
          this.producerId = response.producerId;
          this.producerEpoch = response.producerEpoch;
          this.nextSequence.clear();
          this.needsNewProducerId = false;
          return;
        }
        if (errorAction(response.errorCode) !== 'retry' || attempt >= this.retries)
          throw new Error(`init producer id: ${errorName(response.errorCode)}`);
      } catch (error) {
        if (!(error instanceof BrokerConnectionError) || attempt >= this.retries) throw error;
        this.connections.delete(nodeId);
      }
      await sleep(backoffDelayMs(attempt, 100, 5_000));
    }
  }
}

/** Bytes a record takes in a batch, near enough to cut batches under the broker's size limit. */
function recordBytes(record: ProducedRecord): number {
  let bytes = RECORD_OVERHEAD_BYTES + (record.key === null ? 0 : Buffer.byteLength(record.key));
  bytes += typeof record.value === 'string' ? Buffer.byteLength(record.value) : record.value.length;
  if (record.headers)
    for (const [name, text] of Object.entries(record.headers))
      bytes += 10 + Buffer.byteLength(name) + Buffer.byteLength(text);
  return bytes;
}
