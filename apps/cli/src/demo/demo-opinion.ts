import {
  opinionEstimateCodec,
  opinionShiftCodec,
  type OpinionEstimate,
  type OpinionShift,
} from '@riptide/contracts';
import { readTopicValues, type KafkaConnection } from '@riptide/stream';
import { parseShiftSpec } from '../opinion/shift-spec';
import {
  simulatedOpinionStream,
  type OpinionTruthJson,
  type SimulatedOpinionStream,
} from '../opinion/simulated-opinion-stream';

/**
 * The demo's opinion stream: three days on one topic, the third carrying a planted shift. The detectors
 * need history before they judge (CUSUM a two-day baseline, the two-window test two windows of a day).
 */
export const DEMO_OPINION = {
  // Feminism's validation tweets hold all three stances (climate's hold two `against` tweets).
  topicId: 'feminist',
  days: 3,
  volumePerDay: 24_000,
  // Returning authors aged 45-64 (about 17% of the posts) move 0.10 toward favor from hour 48.
  shift: 'persuasion:age_group=45-64:0.1:48',
  seed: 5,
} as const;

export function demoOpinionTraffic(): SimulatedOpinionStream {
  return simulatedOpinionStream({
    seed: DEMO_OPINION.seed,
    topicId: DEMO_OPINION.topicId,
    days: DEMO_OPINION.days,
    volumePerDay: DEMO_OPINION.volumePerDay,
    shifts: [parseShiftSpec(DEMO_OPINION.shift, DEMO_OPINION.topicId, 48)],
  });
}

/**
 * What the opinion service found, beside what was planted: every shift with its detector, group, size,
 * delay in buckets after the planted start and decomposition; and, over the last day, how far the raw,
 * corrected and weighted population estimates of the favor share were from the truth.
 */
export async function summariseOpinion(
  connection: KafkaConnection,
  truth: OpinionTruthJson,
  log: (line: string) => void,
): Promise<void> {
  // The coordination stream's posts match topics too: only the simulated topic has a truth to compare with.
  const onTopic = <T extends { topic_id: string }>(values: T[]) =>
    values.filter((value) => value.topic_id === truth.topic_id);
  const [shifts, estimates] = await Promise.all([
    readTopicValues(connection, 'opinion.shifts', opinionShiftCodec).then(({ values }) => onTopic(values)),
    readTopicValues(connection, 'opinion.estimates', opinionEstimateCodec).then(({ values }) =>
      onTopic(values),
    ),
  ]);
  log('');
  for (const planted of truth.shifts)
    log(
      `opinion: planted ${planted.kind} shift of ${signed(planted.size)} in ${planted.label} for ${groupName(planted.group)} on ${truth.topic_id} from ${planted.start}`,
    );
  const plantedStartMs = Math.min(...truth.shifts.map((shift) => Date.parse(shift.start)));
  log(
    `opinion: ${shifts.length} shift alarms on ${truth.topic_id}, ${countBuckets(estimates)} buckets estimated; the first alarm per detector, group and label:`,
  );
  for (const shift of firstPerDetectorAndGroup(shifts))
    log(`  ${describeShift(shift, plantedStartMs, truth.bucket_ms)}`);
  const errors = populationErrors(estimates, truth);
  if (errors)
    log(
      `opinion: population favor share over the last day, mean absolute error against the truth: raw ${errors.raw}, corrected ${errors.corrected}, corrected and weighted ${errors.weighted} (${errors.buckets} buckets)`,
    );
}

function describeShift(shift: OpinionShift, plantedStartMs: number, bucketMs: number): string {
  const delay = (Date.parse(shift.after.to) - plantedStartMs) / bucketMs;
  const decomposition = shift.decomposition
    ? `, ${shift.decomposition.kind} (within ${signed(shift.decomposition.within)}, composition ${signed(shift.decomposition.composition)}, ${shift.decomposition.returning_authors} returning authors)`
    : '';
  return `${shift.detector.padEnd(10)} ${groupName(shift.group).padEnd(20)} ${shift.label.padEnd(7)} ${signed(shift.size)} (${shift.before.share.toFixed(3)} → ${shift.after.share.toFixed(3)}), confidence ${shift.confidence.toFixed(2)}, ${delay >= 0 ? `${delay.toFixed(0)} buckets after the planted start` : 'before the planted start (false alarm)'}${decomposition}`;
}

/** A detector keeps alarming while a shift persists: the first alarm per detector and group tells the story. */
function firstPerDetectorAndGroup(shifts: readonly OpinionShift[]): OpinionShift[] {
  const first = new Map<string, OpinionShift>();
  for (const shift of [...shifts].sort((a, b) => a.after.to.localeCompare(b.after.to))) {
    const key = `${shift.detector} ${groupName(shift.group)} ${shift.label}`;
    if (!first.has(key)) first.set(key, shift);
  }
  return [...first.values()];
}

function populationErrors(estimates: readonly OpinionEstimate[], truth: OpinionTruthJson) {
  const trueFavor = new Map(
    truth.buckets.map((bucket) => [bucket.start, bucket.population.account_shares.favor]),
  );
  const lastDay = estimates.filter(
    (estimate) =>
      estimate.measure === 'stance' &&
      Object.keys(estimate.group).length === 0 &&
      Date.parse(estimate.bucket_start) >=
        Date.parse(truth.buckets[truth.buckets.length - 1].start) - 23 * truth.bucket_ms,
  );
  const errors = { raw: 0, corrected: 0, weighted: 0 };
  let buckets = 0;
  for (const estimate of latestPerBucket(lastDay)) {
    const truthShare = trueFavor.get(estimate.bucket_start);
    if (truthShare === undefined) continue;
    buckets++;
    for (const kind of ['raw', 'corrected', 'weighted'] as const)
      errors[kind] += Math.abs(estimate[kind].favor.share - truthShare);
  }
  if (buckets === 0) return undefined;
  const mean = (sum: number) => (sum / buckets).toFixed(3);
  return {
    raw: mean(errors.raw),
    corrected: mean(errors.corrected),
    weighted: mean(errors.weighted),
    buckets,
  };
}

/** At-least-once delivery may repeat an estimate: one per bucket. */
function latestPerBucket(estimates: readonly OpinionEstimate[]): OpinionEstimate[] {
  return [...new Map(estimates.map((estimate) => [estimate.bucket_start, estimate])).values()];
}

function countBuckets(estimates: readonly OpinionEstimate[]): number {
  return new Set(estimates.map((estimate) => estimate.bucket_start)).size;
}

function groupName(group: Readonly<Record<string, string>>): string {
  const entries = Object.entries(group);
  return entries.length === 0
    ? 'population'
    : entries.map(([dimension, value]) => `${dimension}=${value}`).join(',');
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(3)}`;
}
