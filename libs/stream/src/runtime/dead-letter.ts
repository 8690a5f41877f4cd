import { deadLetterCodec, type DeadLetter } from '@riptide/contracts';
import type { KafkaMessage } from 'kafkajs';
import { deadLetterTopicOf } from '../topics/topic-catalog';
import type { OutboundMessage } from './stream-message';

export interface DeadLetterReason {
  readonly code: string;
  readonly message: string;
  readonly field?: string | null;
}

/**
 * Wraps an unprocessable message for its dead-letter topic: the original bytes, where they came from and
 * why they failed, so a person can fix and replay it. Keyed like the original.
 */
export function deadLetterFor(
  logicalTopic: string,
  physicalTopic: string,
  partition: number,
  message: KafkaMessage,
  reason: DeadLetterReason,
  consumerGroup: string,
): OutboundMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) headers[name] = Buffer.from(value as Buffer | string).toString('base64');
  }
  const letter: DeadLetter = {
    schema: 'dead-letter/v1',
    topic: physicalTopic,
    partition,
    offset: message.offset,
    key_base64: message.key ? message.key.toString('base64') : null,
    value_base64: message.value ? message.value.toString('base64') : '',
    headers,
    error: { code: reason.code, message: reason.message, field: reason.field ?? null },
    consumer_group: consumerGroup,
    failed_at: new Date().toISOString(),
  };
  return {
    topic: deadLetterTopicOf(logicalTopic),
    key: message.key ? message.key.toString() : null,
    value: deadLetterCodec.encode(letter),
  };
}
