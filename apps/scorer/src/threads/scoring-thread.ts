import { healthRegistry, metricsRegistry } from '@riptide/observability';
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { startScoringPipeline, type ScoringPipeline } from '../scoring-pipeline';
import type { ScoringThreadData, ThreadMessage, ThreadRequest, ThreadResult } from './thread-protocol';

/**
 * Entry point of a scoring thread (scoring-threads.ts starts it): one whole pipeline of its own
 * (models, authors table, consumer group member, producer), answering the main thread's requests
 * for its metrics and readiness and its request to close.
 */
async function runScoringThread(port: MessagePort, data: ScoringThreadData): Promise<void> {
  let pipeline: ScoringPipeline | undefined;
  let join: () => void = () => undefined;
  const joinAllowed = new Promise<void>((resolve) => (join = resolve));
  const send = (message: ThreadMessage) => port.postMessage(message);
  port.on('message', (message: ThreadRequest) => {
    answer(message.request, () => pipeline, join).then(
      (result) => send({ id: message.id, result }),
      (error: unknown) => send({ id: message.id, error: (error as Error).message }),
    );
  });
  try {
    pipeline = await startScoringPipeline(data.config, {
      beforeJoin: () => {
        send({ event: 'prepared' });
        return joinAllowed;
      },
    });
    send({ event: 'started', info: pipeline.info });
  } catch (error) {
    send({ event: 'failed', error: (error as Error).message });
  }
}

async function answer(
  request: ThreadRequest['request'],
  pipeline: () => ScoringPipeline | undefined,
  join: () => void,
): Promise<ThreadResult> {
  switch (request) {
    case 'join':
      join();
      return null;
    case 'metrics':
      return metricsRegistry.getMetricsAsJSON();
    case 'readiness': {
      const { ready, failing } = await healthRegistry.readiness();
      if (ready) return true;
      const reason = Object.entries(failing).map(([name, why]) => `${name}: ${why}`);
      return { ok: false, reason: reason.join('; ') };
    }
    case 'close':
      await pipeline()?.close();
      return null;
  }
}

if (!isMainThread && parentPort) void runScoringThread(parentPort, workerData as ScoringThreadData);
