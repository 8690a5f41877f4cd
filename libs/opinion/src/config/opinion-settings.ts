import { OpinionConfigError } from './opinion-config-error';

/** How the estimation runs; every field has a default. */
export interface OpinionSettings {
  /** Width of a time bucket (estimates are per topic and closed bucket). */
  readonly bucketWidthMs: number;
  /** Level of every interval. */
  readonly confidence: number;
  /** Largest raking weight, relative to the mean weight (weights above are trimmed and the rest re-raked). */
  readonly weightCap: number;
  readonly rakingMaxIterations: number;
  /** Raking stops when every weighted margin is within this of its target. */
  readonly rakingTolerance: number;
  /** Pseudo-observations of the topic-wide share in each group's weighted share (partial pooling). */
  readonly poolingStrength: number;
  /** Groups with fewer observations in a bucket get no estimate (the population always does). */
  readonly minGroupObservations: number;
  /** A confusion matrix worse conditioned than this (1-norm) is not inverted: corrected = raw. */
  readonly maxConditionNumber: number;
  /** Preferred correction when the model ships a confusion matrix (PACC falls back to ACC without meanProbs). */
  readonly correction: 'pacc' | 'acc';
}

export const DEFAULT_OPINION_SETTINGS: OpinionSettings = {
  bucketWidthMs: 3_600_000,
  confidence: 0.9,
  weightCap: 5,
  rakingMaxIterations: 100,
  rakingTolerance: 1e-6,
  poolingStrength: 20,
  minGroupObservations: 10,
  maxConditionNumber: 100,
  correction: 'pacc',
};

type NumericKey = Exclude<keyof OpinionSettings, 'correction'>;

interface NumberRule {
  readonly env: string;
  readonly min: number;
  readonly max: number;
  /** The minimum itself is not allowed (a share of 0 or a cap of 1 would make no sense). */
  readonly exclusiveMin?: boolean;
  readonly exclusiveMax?: boolean;
  readonly integer?: boolean;
}

const NUMBER_RULES: Readonly<Record<NumericKey, NumberRule>> = {
  bucketWidthMs: { env: 'RIPTIDE_OPINION_BUCKET_WIDTH_MS', min: 1000, max: 7 * 86_400_000, integer: true },
  confidence: { env: 'RIPTIDE_OPINION_CONFIDENCE', min: 0, max: 1, exclusiveMin: true, exclusiveMax: true },
  weightCap: { env: 'RIPTIDE_OPINION_WEIGHT_CAP', min: 1, max: 1000, exclusiveMin: true },
  rakingMaxIterations: { env: 'RIPTIDE_OPINION_RAKING_MAX_ITERATIONS', min: 1, max: 100_000, integer: true },
  rakingTolerance: { env: 'RIPTIDE_OPINION_RAKING_TOLERANCE', min: 0, max: 0.1, exclusiveMin: true },
  poolingStrength: { env: 'RIPTIDE_OPINION_POOLING_STRENGTH', min: 0, max: 1e6 },
  minGroupObservations: { env: 'RIPTIDE_OPINION_MIN_GROUP_OBSERVATIONS', min: 1, max: 1e9, integer: true },
  maxConditionNumber: { env: 'RIPTIDE_OPINION_MAX_CONDITION_NUMBER', min: 1, max: 1e12, exclusiveMin: true },
};
const CORRECTION_ENV = 'RIPTIDE_OPINION_CORRECTION';
const CORRECTIONS: readonly OpinionSettings['correction'][] = ['pacc', 'acc'];

/**
 * Settings from a JSON object keyed by setting name (`{ "weightCap": 4 }`); values may be numbers or
 * numeric strings. Missing settings take their defaults; an unknown name is refused (a typo would
 * otherwise silently keep the default).
 */
export function parseOpinionSettings(json: unknown): OpinionSettings {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new OpinionConfigError('(root)', 'must be an object');
  const input = json as Record<string, unknown>;
  for (const name of Object.keys(input))
    if (!(name in DEFAULT_OPINION_SETTINGS))
      throw new OpinionConfigError(
        name,
        `is not a setting (${Object.keys(DEFAULT_OPINION_SETTINGS).join(', ')})`,
      );
  return readSettings((key) => ({ field: key, raw: input[key] }));
}

/** Settings from the environment (`RIPTIDE_OPINION_WEIGHT_CAP=4`); errors name the variable. */
export function opinionSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): OpinionSettings {
  return readSettings((key) => {
    const field = key === 'correction' ? CORRECTION_ENV : NUMBER_RULES[key].env;
    return { field, raw: env[field] };
  });
}

type Source = (key: keyof OpinionSettings) => { field: string; raw: unknown };

function readSettings(source: Source): OpinionSettings {
  const numbers = Object.fromEntries(
    (Object.keys(NUMBER_RULES) as NumericKey[]).map((key) => {
      const { field, raw } = source(key);
      return [
        key,
        isAbsent(raw) ? DEFAULT_OPINION_SETTINGS[key] : parseNumber(field, raw, NUMBER_RULES[key]),
      ];
    }),
  ) as Record<NumericKey, number>;
  const { field, raw } = source('correction');
  return {
    ...numbers,
    correction: isAbsent(raw) ? DEFAULT_OPINION_SETTINGS.correction : parseCorrection(field, raw),
  };
}

function isAbsent(raw: unknown): boolean {
  return raw === undefined || raw === null || raw === '';
}

function parseNumber(field: string, raw: unknown, rule: NumberRule): number {
  const value = typeof raw === 'string' ? Number(raw.trim()) : raw;
  const tooLow = typeof value === 'number' && (rule.exclusiveMin ? value <= rule.min : value < rule.min);
  const tooHigh = typeof value === 'number' && (rule.exclusiveMax ? value >= rule.max : value > rule.max);
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    tooLow ||
    tooHigh ||
    (rule.integer && !Number.isInteger(value))
  )
    throw new OpinionConfigError(field, `must be ${describe(rule)}, got ${JSON.stringify(raw)}`);
  return value;
}

function describe(rule: NumberRule): string {
  const kind = rule.integer ? 'a whole number' : 'a number';
  const low = `${rule.exclusiveMin ? 'above' : 'from'} ${rule.min}`;
  const high = `${rule.exclusiveMax ? 'below' : 'up to'} ${rule.max}`;
  return `${kind} ${low} ${high}`;
}

function parseCorrection(field: string, raw: unknown): OpinionSettings['correction'] {
  const correction = CORRECTIONS.find((name) => name === raw);
  if (correction === undefined)
    throw new OpinionConfigError(
      field,
      `must be one of ${CORRECTIONS.join(', ')}, got ${JSON.stringify(raw)}`,
    );
  return correction;
}
