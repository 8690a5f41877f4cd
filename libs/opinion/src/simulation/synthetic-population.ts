import { STANCE_LABELS } from '@riptide/contracts';
import { shuffledOrder } from '@riptide/nlp';
import type { PopulationMargins } from '../opinion-types';
import type { SimulatedAccount } from './simulation-types';

/** Dimension -> value -> relative posting rate (1 when absent). */
export type PostingRates = Readonly<Record<string, Readonly<Record<string, number>>>>;

export interface PopulationOptions {
  readonly margins: PopulationMargins;
  /** Default 10,000. */
  readonly accounts?: number;
  /** Share of accounts whose source does not report a given dimension (per dimension). Default 0.1. */
  readonly unknownShare?: number;
  /** Default: `defaultPostingRates(margins)`. */
  readonly postingRates?: PostingRates;
  /** Population-wide stance shares before group effects (label order). Default: drawn from the seed. */
  readonly baseShares?: readonly number[];
  /** Group effects on the log-odds of against and favor are uniform in ±this. Default 1. */
  readonly groupEffect?: number;
  /** Prefix of the account ids (ids must not collide across simulated runs fed to one pipeline). */
  readonly idPrefix?: string;
}

const YOUNGEST_RATE = 4;
const OLDEST_RATE = 0.5;
// Pareto tail of individual activity: most accounts post rarely, a few post a lot, as on social media.
const ACTIVITY_TAIL = 2.5;

/**
 * Posting rates that make the stream over-represent the young, as social media does: along the
 * `age_group` dimension (values ordered by their leading number) the rate falls geometrically from 4
 * for the youngest to 0.5 for the oldest; other dimensions post alike.
 */
export function defaultPostingRates(margins: PopulationMargins): PostingRates {
  const age = margins.dimensions.find((dimension) => dimension.name === 'age_group');
  if (!age) return {};
  const values = Object.keys(age.shares).sort((a, b) => leadingNumber(a) - leadingNumber(b));
  const step = values.length > 1 ? Math.log(OLDEST_RATE / YOUNGEST_RATE) / (values.length - 1) : 0;
  return {
    age_group: Object.fromEntries(
      values.map((value, rank) => [value, YOUNGEST_RATE * Math.exp(step * rank)]),
    ),
  };
}

/**
 * Accounts whose true demographics reproduce the margins exactly (each dimension allocated by largest
 * remainder, then shuffled, so dimensions are independent), a share of them reported as unknown per
 * dimension, a posting rate by group, and a stance drawn from a per-cell distribution: the base
 * shares moved by a random log-odds effect of every dimension value, so that groups differ and raw
 * shares are biased by who posts.
 */
export function simulatePopulation(options: PopulationOptions, random: () => number): SimulatedAccount[] {
  const count = options.accounts ?? 10_000;
  const unknownShare = options.unknownShare ?? 0.1;
  const rates = options.postingRates ?? defaultPostingRates(options.margins);
  const spread = options.groupEffect ?? 1;
  const prefix = options.idPrefix ?? 'sim';
  const dimensions = options.margins.dimensions;

  const trueValues = dimensions.map((dimension) => allocate(dimension.shares, count, random));
  const reported = dimensions.map(() => chosenAccounts(Math.round(unknownShare * count), count, random));
  const baseLogits = (options.baseShares ?? drawBaseShares(random)).map((share) => Math.log(share));
  // effects[d][value][label]: none is the reference label, so its effect stays 0.
  const effects = dimensions.map((dimension) =>
    Object.fromEntries(
      Object.keys(dimension.shares).map((value) => [
        value,
        STANCE_LABELS.map((label) => (label === 'none' ? 0 : (2 * random() - 1) * spread)),
      ]),
    ),
  );

  return Array.from({ length: count }, (_, index) => {
    const demographics: Record<string, string> = {};
    const logits = [...baseLogits];
    let groupRate = 1;
    dimensions.forEach((dimension, d) => {
      const value = trueValues[d][index];
      if (!reported[d].has(index)) demographics[dimension.name] = value;
      effects[d][value].forEach((effect, label) => (logits[label] += effect));
      groupRate *= rates[dimension.name]?.[value] ?? 1;
    });
    const individual = Math.pow(1 - random(), -1 / ACTIVITY_TAIL);
    return {
      id: `${prefix}-a${index}`,
      demographics,
      activity: groupRate * individual,
      initialStance: drawLabel(softmax(logits), random),
    };
  });
}

/** Base shares with each label between 0.2 and 0.45 of the population, different per seed. */
function drawBaseShares(random: () => number): number[] {
  const raw = STANCE_LABELS.map(() => 0.2 + 0.25 * random());
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((share) => share / sum);
}

/** Values for `count` accounts in exact proportion to `shares` (largest remainder), in random order. */
function allocate(shares: Readonly<Record<string, number>>, count: number, random: () => number): string[] {
  const entries = Object.entries(shares);
  const quotas = entries.map(([, share]) => share * count);
  const counts = quotas.map(Math.floor);
  const byRemainder = quotas.map((_, i) => i).sort((a, b) => quotas[b] - counts[b] - (quotas[a] - counts[a]));
  for (let left = count - counts.reduce((a, b) => a + b, 0), i = 0; left > 0; left--, i++)
    counts[byRemainder[i % byRemainder.length]]++;
  const ordered = entries.flatMap(([value], i) => Array<string>(counts[i]).fill(value));
  return Array.from(shuffledOrder(count, random), (position) => ordered[position]);
}

function chosenAccounts(chosen: number, count: number, random: () => number): Set<number> {
  return new Set(shuffledOrder(count, random).subarray(0, chosen));
}

function softmax(logits: readonly number[]): number[] {
  const top = Math.max(...logits);
  const exps = logits.map((logit) => Math.exp(logit - top));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / sum);
}

function drawLabel(probabilities: readonly number[], random: () => number): number {
  let u = random();
  for (let label = 0; label < probabilities.length - 1; label++) {
    u -= probabilities[label];
    if (u < 0) return label;
  }
  return probabilities.length - 1;
}

function leadingNumber(value: string): number {
  const match = /\d+/.exec(value);
  return match ? Number(match[0]) : Number.POSITIVE_INFINITY;
}
