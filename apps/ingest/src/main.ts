import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '@riptide/observability';
import { watchBrokerReachability } from '@riptide/stream';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IngestConfig, ingestConfigFromEnv } from './ingest-config';
import { IngestModule } from './ingest.module';

/** Starts the ingest HTTP service; returns the app so tests and the CLI can run it in process. */
export async function startIngest(config = ingestConfigFromEnv()) {
  // The body parser is off: controllers read raw bodies themselves to enforce the size limit with a 413.
  const app = await NestFactory.create(IngestModule.withConfig(config), {
    bodyParser: false,
    logger: ['error', 'warn'],
  });
  app.enableShutdownHooks();
  // /ready fails while the broker is unreachable: a load balancer then stops sending posts that would get 503.
  watchBrokerReachability(config.kafka);
  limitSlowClients(app.getHttpServer() as Server, config);
  await app.listen(config.port, '0.0.0.0');
  // The bound port, not the configured one: port 0 (tests) picks a free one.
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  createLogger('ingest').info({ port, brokers: config.kafka.brokers }, 'ingest listening');
  return app;
}

const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * A client that trickles its headers or body (slow loris) holds a socket and a buffer: Node answers 408
 * and closes the connection when the headers take longer than `headersTimeoutMs` or the whole request
 * longer than `requestTimeoutMs`. Node checks those deadlines on a timer, every 30 s by default; every
 * second makes them hold to about a second.
 */
function limitSlowClients(server: Server, config: IngestConfig): void {
  server.headersTimeout = config.headersTimeoutMs;
  // An idle keep-alive connection closed by us just as a client (or a load balancer, which keeps its
  // own idle connections up to 60 s by default) sends a POST on it loses that POST: clients do not retry
  // a non-idempotent request on a closed socket. Node's default of 5 s made this happen in the image
  // test; outlasting the balancer's idle timeout leaves the closing to the client side.
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.requestTimeout = config.requestTimeoutMs;
  // Read when the server starts listening; @types/node declares it only as a createServer option.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = 1_000;
}

if (require.main === module) {
  startIngest().catch((error: unknown) => {
    createLogger('ingest').fatal({ error: (error as Error).message }, 'ingest failed to start');
    process.exit(1);
  });
}
