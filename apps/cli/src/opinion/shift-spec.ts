import type { PlantedShift, PlantedShiftKind } from '@riptide/opinion';

const KINDS: readonly PlantedShiftKind[] = ['persuasion', 'composition'];
export const DEFAULT_SHIFT_SIZE = 0.1;

/**
 * Reads `kind:dimension=value[:size[:startHour]]`, e.g. `persuasion:age_group=45-64:0.1:30`. Size
 * defaults to +0.10 in the favor share; the start hour to `defaultStartHour` (the first hour after the
 * baseline day). Errors say what is wrong in terms of the flag.
 */
export function parseShiftSpec(spec: string, topicId: string, defaultStartHour: number): PlantedShift {
  const [kind, group, size, start, ...rest] = spec.split(':');
  const fail = (problem: string): never => {
    throw new Error(`--shift ${spec}: ${problem} (expected kind:dimension=value[:size[:startHour]])`);
  };
  if (rest.length > 0) fail('too many parts');
  if (!KINDS.includes(kind as PlantedShiftKind)) fail(`kind must be ${KINDS.join(' or ')}`);
  const [dimension, value] = (group ?? '').split('=');
  if (!dimension || !value) fail('the group must be dimension=value');
  const parsedSize = size === undefined || size === '' ? DEFAULT_SHIFT_SIZE : Number(size);
  if (!(Number.isFinite(parsedSize) && parsedSize !== 0 && Math.abs(parsedSize) < 1))
    fail('size must be a share change in (-1, 1), not 0');
  const startBucket = start === undefined || start === '' ? defaultStartHour : Number(start);
  if (!(Number.isInteger(startBucket) && startBucket >= 0)) fail('startHour must be an integer >= 0');
  return {
    topicId,
    group: { dimension, value },
    size: parsedSize,
    startBucket,
    kind: kind as PlantedShiftKind,
  };
}
