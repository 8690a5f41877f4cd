import { provideBroker } from './provide-broker';
import { provideEncoderModels } from './provide-encoder-models';

const log = (line: string) => process.stderr.write(`test setup: ${line}\n`);

/**
 * Vitest's global setup: provisions what the tests need and a fresh clone lacks (a Kafka broker, the
 * sentence-embedding models), so that `npm test` works on its own; a no-op when both are there.
 * Returns the teardown, which stops only what it started.
 */
export default async function provisionTestEnvironment(): Promise<() => Promise<void>> {
  provideEncoderModels(log);
  return provideBroker(log);
}
