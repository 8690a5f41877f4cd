import type { INestMicroservice } from '@nestjs/common';
import type { Store } from '@riptide/store';
import { createBatchMicroservice, type KafkaConnection } from '@riptide/stream';
import { MaterialiseModule, useMaterialiseCatchUp } from '../../apps/api/src/materialise';

/** Short sessions and retries, so that a test that stops and restarts the materialisers sees it in seconds. */
const STREAM = { sessionTimeoutMs: 10_000, retryInitialMs: 20, retryMaxMs: 200 };

/** The api's materialisers (group `api`) writing into `store`, as the api runs them, with its catch-up. */
export async function startMaterialisers(
  store: Store,
  connection: KafkaConnection,
): Promise<INestMicroservice> {
  const { app, server } = await createBatchMicroservice(MaterialiseModule.withStore(store), {
    connection,
    groupId: 'api',
    ...STREAM,
  });
  useMaterialiseCatchUp(server, store, connection, 'api');
  await app.listen();
  return app;
}
