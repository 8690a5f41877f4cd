// Schema pieces shared by several contracts. Limits are generous for real data and tight enough
// that one hostile message cannot make a consumer allocate without bound.

export const MAX_ID_LENGTH = 256;
export const MAX_ARRAY_ITEMS = 1000;

export const identifier = { type: 'string', minLength: 1, maxLength: MAX_ID_LENGTH } as const;

export const dateTime = {
  type: 'string',
  format: 'date-time',
  maxLength: 64,
  description: 'ISO 8601 date-time with a time zone, e.g. 2024-05-01T12:00:00Z',
} as const;

export const platform = {
  type: 'string',
  pattern: '^[a-z][a-z0-9_.-]*$',
  maxLength: 32,
  description: 'a lower-case token such as twitter or bluesky',
} as const;

export const modelId = {
  type: 'string',
  pattern: '^[^@\\s]+@[^@\\s]+$',
  maxLength: MAX_ID_LENGTH,
  description: 'a model id with its version, such as sentiment-linear@3',
} as const;

export const nonNegativeInteger = { type: 'integer', minimum: 0 } as const;
export const nonNegativeNumber = { type: 'number', minimum: 0 } as const;
export const unitInterval = { type: 'number', minimum: 0, maximum: 1 } as const;

export function schemaName(name: string) {
  return { type: 'string', const: name } as const;
}

export function list(items: object, maxItems = MAX_ARRAY_ITEMS) {
  return { type: 'array', items, maxItems } as const;
}

/** An object whose keys are free (bounded in number) and whose values follow one schema. */
export function map(values: object, maxProperties = MAX_ARRAY_ITEMS) {
  return {
    type: 'object',
    additionalProperties: values,
    maxProperties,
    propertyNames: { maxLength: MAX_ID_LENGTH },
  } as const;
}

export function closedObject(properties: Record<string, object>, required: readonly string[]) {
  return { type: 'object', properties, required, additionalProperties: false } as const;
}
