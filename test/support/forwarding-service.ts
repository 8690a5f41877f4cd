import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { createBatchMicroservice, KafkaConnection } from '@riptide/stream';
import { ForwardingController } from './forwarding-controller';

@Module({ controllers: [ForwardingController] })
class ForwardingModule {}

/** Starts the forwarding consumer as a NestJS microservice on the libs/stream transport. */
export async function startForwardingService(
  connection: KafkaConnection,
  groupId: string,
  chunkSize?: number,
) {
  const { app } = await createBatchMicroservice(ForwardingModule, {
    connection,
    groupId,
    chunkSize,
    retryInitialMs: 20,
    retryMaxMs: 200,
    sessionTimeoutMs: 10_000,
  });
  await app.listen();
  return app;
}

// Run as a process by the kill test: the connection comes from the environment.
if (require.main === module) {
  const connection: KafkaConnection = {
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    clientId: 'forwarding-service',
    topicPrefix: process.env.RIPTIDE_TOPIC_PREFIX ?? '',
  };
  startForwardingService(connection, 'forwarder', Number(process.env.CHUNK_SIZE ?? 1000)).then(
    () => process.stdout.write('ready\n'),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack}\n`);
      process.exit(1);
    },
  );
}
