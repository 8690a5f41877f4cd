import type { INestApplication } from '@nestjs/common';
import { ApiKeyRole, FileApiKeyStore, issueApiKey } from '@riptide/auth';
import type { KafkaConnection } from '@riptide/stream';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IngestConfig, ingestConfigFromEnv } from '../../apps/ingest/src/ingest-config';
import { startIngest } from '../../apps/ingest/src/main';

export interface IngestUnderTest {
  readonly app: INestApplication;
  readonly url: string;
  readonly store: FileApiKeyStore;
  /** Headers with an `ingest` key. */
  readonly auth: { authorization: string };
  /** A new key of this role in the same store, as an Authorization header value. */
  keyOf(role: ApiKeyRole, name?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Ingest in process on a free port, with a key file of its own in a temporary folder holding one
 * `ingest` key, and a rate limit high enough not to get in a test's way unless it says otherwise.
 */
export async function startIngestUnderTest(
  kafka: KafkaConnection,
  overrides: Partial<IngestConfig> = {},
): Promise<IngestUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'riptide-ingest-keys-'));
  const store = new FileApiKeyStore(join(dir, 'api-keys.json'), { checkIntervalMs: 200 });
  const keyOf = async (role: ApiKeyRole, name = `test-${role}-${Math.random().toString(36).slice(2, 8)}`) =>
    `Bearer ${(await issueApiKey(store, name, role)).token}`;
  const authorization = await keyOf('ingest', 'test-ingest');
  const app = await startIngest({
    ...ingestConfigFromEnv(),
    port: 0,
    kafka,
    ...overrides,
    auth: {
      store,
      rateLimit: { ratePerSecond: 100_000, burst: 100_000 },
      cacheTtlMs: 60_000,
      ...overrides.auth,
    },
  });
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  return {
    app,
    url,
    store,
    auth: { authorization },
    keyOf,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
