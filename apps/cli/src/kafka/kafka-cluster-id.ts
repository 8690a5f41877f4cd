import { randomBytes } from 'node:crypto';

/**
 * A fresh KRaft cluster id: 16 random bytes in unpadded base64url, the form Kafka's own
 * `Uuid.randomUuid()` gives. Like Kafka, it never starts with '-': the storage tool's argument
 * parser would read such an id as an option (`-t -xyz…` fails with "expected one argument"),
 * which made one start in 64 fail on a new machine.
 */
export function newKafkaClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
