import { kafkaConnectionFromEnv, waitForBroker } from '@riptide/stream';
import {
  LOCAL_KAFKA_HOST,
  LOCAL_KAFKA_PORT,
  LocalKafka,
  portAnswers,
} from '../../apps/cli/src/kafka/local-kafka';

/** Long enough for a broker that is still starting, short enough to fail fast on a wrong address. */
const ANSWER_TIMEOUT_MS = 30_000;

/**
 * Makes sure a Kafka broker answers where the tests will look (KAFKA_BROKERS, else the local one),
 * starting the local broker when nothing listens there. Returns the teardown: it stops the broker only
 * when this call started it, so a developer's or another run's broker is left alone.
 */
export async function provideBroker(log: (line: string) => void): Promise<() => Promise<void>> {
  const configured = Boolean(process.env.KAFKA_BROKERS);
  // Read as the tests read it: KAFKA_BROKERS, else the local broker's address.
  const { brokers } = kafkaConnectionFromEnv('riptide-test-setup');
  if (configured || (await portAnswers(LOCAL_KAFKA_HOST, LOCAL_KAFKA_PORT))) {
    await waitForBroker(brokers, ANSWER_TIMEOUT_MS).catch((error: Error) => {
      throw new Error(
        `no Kafka broker answers on ${brokers.join(',')} (${error.message})` +
          (configured ? '; check KAFKA_BROKERS' : '; something else listens there'),
      );
    });
    return async () => undefined;
  }

  const local = new LocalKafka(undefined, (line) => log(`  ${line}`));
  // A pid file of a live broker means another command started it (still starting): it is not ours.
  const startedByAnother = local.status().running;
  log(
    `no broker on ${local.bootstrap} and KAFKA_BROKERS is unset: starting the local one (riptide kafka start)`,
  );
  const { pid } = await local.start();
  if (startedByAnother) return async () => undefined;
  // Ctrl-C ends vitest without its teardown; the broker (detached, so the terminal's signal misses it)
  // is asked to stop on the way out all the same.
  const stopOnExit = () => {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // it has stopped already
    }
  };
  process.once('exit', stopOnExit);
  return async () => {
    process.off('exit', stopOnExit);
    log(`stopping the local broker this test run started (${local.bootstrap})`);
    await local.stop();
  };
}
