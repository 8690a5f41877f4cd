import type { Command } from 'commander';

export function registerKafkaCommands(program: Command): void {
  const kafka = program
    .command('kafka')
    .description('run a local single-node Apache Kafka (KRaft) from Maven Central jars with Java 17');

  kafka
    .command('start')
    .description(
      'fetch the pinned Kafka jars once, format storage once, start the broker on 127.0.0.1:9092 and wait until it answers',
    )
    .action(async () => {
      const { LocalKafka } = await import('../kafka/local-kafka');
      const status = await new LocalKafka().start();
      process.stdout.write(`running pid=${status.pid} bootstrap=${status.bootstrap}\n`);
    });

  kafka
    .command('stop')
    .description('stop the local broker cleanly (SIGTERM, then SIGKILL after 30 s)')
    .action(async () => {
      const { LocalKafka } = await import('../kafka/local-kafka');
      await new LocalKafka().stop();
    });

  kafka
    .command('status')
    .description('say whether the local broker runs; exit code 3 when it does not')
    .action(async () => {
      const { LocalKafka } = await import('../kafka/local-kafka');
      const status = new LocalKafka().status();
      if (status.running) {
        process.stdout.write(`running pid=${status.pid} bootstrap=${status.bootstrap}\n`);
      } else {
        process.stdout.write(`stopped: ${status.reason}\n`);
        process.exitCode = 3;
      }
    });
}
