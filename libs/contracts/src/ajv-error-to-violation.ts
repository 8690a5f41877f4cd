import type { ErrorObject } from 'ajv';
import { describeReceived, schemaViolation, type ContractViolation } from './contract-violation';

// Turns Ajv's first error into a sentence that names the field in the notation people write
// (`stances[0].probs`, not `/stances/0/probs`) and says what was expected and what arrived.

const FORMAT_DESCRIPTIONS: Record<string, string> = {
  'date-time': 'an ISO 8601 date-time with a time zone',
};

const TYPE_DESCRIPTIONS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

/** `/stances/0/probs` -> `stances[0].probs`. Numeric segments are taken as array indexes. */
export function pointerToField(pointer: string): string {
  let field = '';
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    field = joinField(field, segment);
  }
  return field;
}

function joinField(parent: string, child: string): string {
  if (/^\d+$/.test(child)) return `${parent}[${child}]`;
  return parent === '' ? child : `${parent}.${child}`;
}

function expectedTypes(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  return types.map((name: string) => TYPE_DESCRIPTIONS[name] ?? name).join(' or ');
}

function sizeLimit(error: ErrorObject, unit: string): string {
  const limit = Number(error.params.limit);
  const parent = error.parentSchema ?? {};
  const isArray = unit === 'item';
  const exact = isArray ? parent.minItems === parent.maxItems : parent.minLength === parent.maxLength;
  const plural = `${unit}${limit === 1 ? '' : 's'}`;
  if (exact) return `exactly ${limit} ${plural}`;
  const bound = error.keyword.startsWith('min') ? 'at least' : 'at most';
  return `${bound} ${limit} ${plural}`;
}

function problem(error: ErrorObject, schemaName: string): string {
  const got = `, got ${describeReceived(error.data)}`;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return `is not part of ${schemaName}`;
    case 'type':
      return `must be ${expectedTypes(error.params.type)}${got}`;
    case 'format':
      return `must be ${FORMAT_DESCRIPTIONS[error.params.format] ?? `in ${error.params.format} format`}${got}`;
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}${got}`;
    case 'const':
      return `must be ${JSON.stringify(error.params.allowedValue)}${got}`;
    case 'pattern':
      return `must be ${error.parentSchema?.description ?? `a string matching ${error.params.pattern}`}${got}`;
    case 'minLength':
      return Number(error.params.limit) === 1
        ? 'must not be empty'
        : `must have ${sizeLimit(error, 'character')}${got}`;
    case 'maxLength':
      return `must have ${sizeLimit(error, 'character')}, got ${String(error.data).length}`;
    case 'minItems':
    case 'maxItems':
      return `must have ${sizeLimit(error, 'item')}, got ${(error.data as unknown[]).length}`;
    case 'minimum':
      return `must be at least ${error.params.limit}${got}`;
    case 'maximum':
      return `must be at most ${error.params.limit}${got}`;
    case 'exclusiveMinimum':
      return `must be greater than ${error.params.limit}${got}`;
    default:
      return `${error.message ?? 'is invalid'}${got}`;
  }
}

export function violationFromAjvError(error: ErrorObject, schemaName: string): ContractViolation {
  let field = pointerToField(error.instancePath);
  if (error.keyword === 'required') field = joinField(field, String(error.params.missingProperty));
  if (error.keyword === 'additionalProperties')
    field = joinField(field, String(error.params.additionalProperty));
  // A failing key of a map (`propertyNames`) is reported on the key itself.
  if (error.propertyName !== undefined) {
    return schemaViolation(
      joinField(field, error.propertyName),
      `is not an allowed key: it ${problem(error, schemaName)}`,
    );
  }
  return schemaViolation(field, problem(error, schemaName));
}
