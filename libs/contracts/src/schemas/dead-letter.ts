import { defineCodec } from '../codec';
import { closedObject, dateTime, identifier, map, nonNegativeInteger, schemaName } from './fragments';

export const DEAD_LETTER_SCHEMA = 'dead-letter/v1';

/** A message a consumer could not process, with its original bytes and the reason, on `<topic>.dlq`. */
export interface DeadLetter {
  schema: typeof DEAD_LETTER_SCHEMA;
  topic: string;
  partition: number;
  /** Kafka offsets are 64-bit: a decimal string, not a number. */
  offset: string;
  key_base64: string | null;
  value_base64: string;
  headers?: Record<string, string>;
  /** `code` is a ContractViolation code or a consumer's own code for a processing failure. */
  error: { code: string; message: string; field: string | null };
  consumer_group: string;
  failed_at: string;
}

const base64 = {
  type: 'string',
  pattern: '^[A-Za-z0-9+/]*={0,2}$',
  description: 'standard base64 (A-Z, a-z, 0-9, +, /, = padding)',
} as const;

export const deadLetterJsonSchema = {
  title: DEAD_LETTER_SCHEMA,
  ...closedObject(
    {
      schema: schemaName(DEAD_LETTER_SCHEMA),
      topic: { type: 'string', minLength: 1, maxLength: 249 },
      partition: nonNegativeInteger,
      offset: { type: 'string', pattern: '^\\d{1,20}$', description: 'a decimal offset such as "42"' },
      key_base64: { ...base64, type: ['string', 'null'] },
      value_base64: base64,
      headers: map(base64, 256),
      error: closedObject(
        {
          code: identifier,
          message: { type: 'string', minLength: 1, maxLength: 10_000 },
          field: { type: ['string', 'null'], maxLength: 1024 },
        },
        ['code', 'message', 'field'],
      ),
      consumer_group: identifier,
      failed_at: dateTime,
    },
    [
      'schema',
      'topic',
      'partition',
      'offset',
      'key_base64',
      'value_base64',
      'error',
      'consumer_group',
      'failed_at',
    ],
  ),
};

export const deadLetterCodec = defineCodec<DeadLetter>({
  schema: DEAD_LETTER_SCHEMA,
  jsonSchema: deadLetterJsonSchema,
});
