import { setTimeout as sleep } from 'node:timers/promises';
import { createKafka } from './kafka-client';

/**
 * Resolves once a broker answers a metadata request, or rejects after `timeoutMs`. `stillWorthWaiting`
 * lets a caller that just started the broker stop waiting as soon as the process died.
 */
export async function waitForBroker(
  brokers: string[],
  timeoutMs: number,
  stillWorthWaiting: () => boolean = () => true,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const kafka = createKafka({ clientId: 'riptide-probe', brokers }, 'probe');
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    if (!stillWorthWaiting()) throw new Error('the broker process exited while starting');
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      return;
    } catch (error) {
      lastError = (error as Error).message;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await sleep(500);
  }
  throw new Error(
    `no answer from ${brokers.join(',')} within ${timeoutMs / 1000}s (last error: ${lastError})`,
  );
}
