import { UNKNOWN_GROUP, type PopulationDimension, type PopulationMargins } from '../opinion-types';
import { OpinionConfigError } from './opinion-config-error';

export const POPULATION_SCHEMA = 'population/v1';

/** How far a dimension's shares may sum from 1 (margins are usually published rounded, then re-normalised). */
const SUM_TOLERANCE = 1e-6;
/**
 * Dimension names and values become metric labels and API fields: 1 to 64 characters, no control
 * characters (cell keys join values with one), no spaces at the ends.
 */
const NAME = /^[^\s\p{Cc}](?:[^\p{Cc}]{0,62}[^\s\p{Cc}])?$/u;

/**
 * Validates a population file (`population/v1`): for each dimension, the population share of each of its
 * values, for example census shares of age groups. Every error names the field and the problem.
 * `unknown` is not a configurable value: it is where authors without a configured value are counted.
 */
export function parsePopulationMargins(json: unknown): PopulationMargins {
  const root = asObject(json, '(root)');
  if (root.schema !== POPULATION_SCHEMA)
    throw new OpinionConfigError(
      'schema',
      `must be "${POPULATION_SCHEMA}", got ${JSON.stringify(root.schema)}`,
    );
  const dimensionsJson = asObject(root.dimensions, 'dimensions');
  const dimensions = Object.entries(dimensionsJson).map(([name, shares]) =>
    parseDimension(name, shares, `dimensions.${name}`),
  );
  if (dimensions.length === 0) throw new OpinionConfigError('dimensions', 'needs at least one dimension');
  return { dimensions };
}

function parseDimension(name: string, json: unknown, field: string): PopulationDimension {
  if (!NAME.test(name))
    throw new OpinionConfigError(
      field,
      'the dimension name must be 1 to 64 characters, no control characters or spaces at the ends',
    );
  const sharesJson = asObject(json, field);
  const shares: Record<string, number> = {};
  let sum = 0;
  for (const [value, share] of Object.entries(sharesJson)) {
    const valueField = `${field}.${value}`;
    if (value === UNKNOWN_GROUP)
      throw new OpinionConfigError(valueField, `"${UNKNOWN_GROUP}" is reserved for authors without a value`);
    if (!NAME.test(value))
      throw new OpinionConfigError(
        valueField,
        'the value must be 1 to 64 characters, no control characters or spaces at the ends',
      );
    if (typeof share !== 'number' || !(share >= 0 && share <= 1))
      throw new OpinionConfigError(valueField, `must be a share in [0, 1], got ${JSON.stringify(share)}`);
    shares[value] = share;
    sum += share;
  }
  if (Object.keys(shares).length < 2) throw new OpinionConfigError(field, 'needs at least two values');
  if (Math.abs(sum - 1) > SUM_TOLERANCE)
    throw new OpinionConfigError(field, `the shares must sum to 1 (within ${SUM_TOLERANCE}), got ${sum}`);
  return { name, shares };
}

function asObject(json: unknown, field: string): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new OpinionConfigError(field, 'must be an object');
  return json as Record<string, unknown>;
}
