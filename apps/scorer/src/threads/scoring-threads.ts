import { addMetricsSource, createLogger, healthRegistry, type CheckOutcome } from '@riptide/observability';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ScorerConfig } from '../scorer-config';
import type { ScoringPipelineInfo } from '../scoring-pipeline';
import type { ScoringThreadData, ThreadMessage, ThreadMetrics, ThreadRequest } from './thread-protocol';

export interface ScoringThreads {
  /** The first thread's start-up report (every thread loads the same models and table). */
  readonly info: ScoringPipelineInfo;
  /** Closes every thread's pipeline (batch in hand finished, offsets committed), then ends the threads. */
  close(): Promise<void>;
}

/** How long a readiness probe waits for a busy thread before counting it not ready. */
const READINESS_TIMEOUT_MS = 2_000;
const CLOSE_TIMEOUT_MS = 60_000;

const log = createLogger('scorer');

/**
 * Runs `config.threads` scoring pipelines in worker threads of this process, like Kafka Streams'
 * stream threads: each is a member of the `posts.raw` consumer group with its own models, its own
 * replica of the authors table and its own producer, so one instance uses several cores (one
 * JavaScript thread is the limit otherwise). The main thread keeps the HTTP endpoints: `/metrics`
 * merges the threads' registries, `/ready` asks every thread. A thread that ends unexpectedly fails
 * `/ready` and is reported to `onFailure`.
 */
export async function startScoringThreads(
  config: ScorerConfig,
  onFailure: (error: Error) => void = () => undefined,
): Promise<ScoringThreads> {
  const threads = Array.from(
    { length: config.threads },
    (_, thread) => new ScoringThread(config, thread, onFailure),
  );
  const settled = async <T>(steps: Promise<T>[]): Promise<T[]> => {
    const outcomes = await Promise.allSettled(steps);
    const failed = outcomes.find((outcome) => outcome.status === 'rejected');
    if (!failed) return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
    await Promise.all(threads.map((thread) => thread.close()));
    throw failed.reason;
  };
  // Every thread loads its models and table first; then all join the consumer group at once.
  await settled(threads.map((thread) => thread.prepared));
  const started = await settled(threads.map((thread) => thread.join()));
  const removeSources = threads.map((thread) => addMetricsSource(() => thread.metrics()));
  threads.forEach((thread, index) => healthRegistry.register(`scorer-thread-${index}`, () => thread.ready()));
  let closing: Promise<void> | undefined;
  return {
    info: started[0],
    close: () =>
      (closing ??= (async () => {
        await Promise.all(threads.map((thread) => thread.close()));
        removeSources.forEach((remove) => remove());
      })()),
  };
}

/** One worker thread and the requests in flight to it. */
class ScoringThread {
  /** Settles once the thread's models and authors table are loaded, before it joins the group. */
  readonly prepared: Promise<void>;
  private readonly started: Promise<ScoringPipelineInfo>;
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve(result: unknown): void; reject(error: Error): void }
  >();
  private nextId = 0;
  private alive = true;
  private closing = false;

  constructor(
    config: ScorerConfig,
    readonly index: number,
    onFailure: (error: Error) => void,
  ) {
    const data: ScoringThreadData = { config };
    const entry = join(__dirname, `scoring-thread${__filename.endsWith('.ts') ? '.ts' : '.js'}`);
    this.worker = new Worker(entry, {
      workerData: data,
      name: `scoring-${index}`,
      // From TypeScript sources (tests, `node -r @swc-node/register`) the thread compiles them too.
      ...(entry.endsWith('.ts') ? { execArgv: ['-r', '@swc-node/register'] } : {}),
    });
    let prepared: () => void = () => undefined;
    let failed: (error: Error) => void = () => undefined;
    this.prepared = new Promise((resolve, reject) => ((prepared = resolve), (failed = reject)));
    this.started = new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        failed(error);
        reject(error);
      };
      this.worker.on('message', (message: ThreadMessage) => {
        if ('event' in message) {
          if (message.event === 'prepared') prepared();
          else if (message.event === 'started') resolve(message.info);
          else fail(new Error(`scoring thread ${index}: ${message.error}`));
          return;
        }
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        if ('error' in message) waiter?.reject(new Error(`scoring thread ${index}: ${message.error}`));
        else waiter?.resolve(message.result);
      });
      this.worker.on('error', (error) => {
        log.error({ thread: index, error: error.message }, 'scoring thread failed');
        fail(error);
      });
      this.worker.on('exit', (code) => {
        this.alive = false;
        const error = new Error(`scoring thread ${index} ended with exit code ${code}`);
        fail(error);
        for (const waiter of this.pending.values()) waiter.reject(error);
        this.pending.clear();
        if (!this.closing) onFailure(error);
      });
    });
    this.prepared.catch(() => undefined);
    this.started.catch(() => undefined);
  }

  /** Lets the prepared thread join the consumer group; resolves with its report once it consumes. */
  async join(): Promise<ScoringPipelineInfo> {
    await this.request('join');
    return this.started;
  }

  /** Nothing from a thread that has ended (its failure shows on /ready), so /metrics keeps answering. */
  async metrics(): Promise<ThreadMetrics> {
    if (!this.alive) return [];
    return (await this.request('metrics').catch(() => [])) as ThreadMetrics;
  }

  async ready(): Promise<CheckOutcome> {
    if (!this.alive) return { ok: false, reason: `scoring thread ${this.index} has ended` };
    const timeout = new Promise<CheckOutcome>((resolve) =>
      setTimeout(resolve, READINESS_TIMEOUT_MS, {
        ok: false,
        reason: `no answer within ${READINESS_TIMEOUT_MS} ms`,
      }).unref(),
    );
    return Promise.race([this.request('readiness') as Promise<CheckOutcome>, timeout]);
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.alive) {
      const timeout = new Promise((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref());
      await Promise.race([this.request('close').catch(() => undefined), timeout]);
    }
    await this.worker.terminate();
  }

  private request(request: ThreadRequest['request']): Promise<unknown> {
    if (!this.alive) return Promise.reject(new Error(`scoring thread ${this.index} has ended`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, request } satisfies ThreadRequest);
    });
  }
}
