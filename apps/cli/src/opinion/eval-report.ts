import { SHIFT_DETECTORS, SHIFT_KINDS, type ShiftDetector } from '@riptide/contracts';
import type { PlantedShift, PlantedShiftKind } from '@riptide/opinion';
import { noErrors, type Coverage, type LayerErrors, type StreamOutcome } from './eval-stream';

/** One evaluated stream: what was planted and what the estimation and detectors made of it. */
export interface EvaluatedStream {
  /**
   * `shipped`: the estimates as reported, corrected with the shipped out-of-fold matrices. The others
   * are diagnostics on the streams without a shift: `validation_matrix` corrects with the pool texts'
   * own confusion, `gold_labels` scores every post with its true label.
   */
  readonly variant: 'shipped' | 'validation_matrix' | 'gold_labels';
  readonly volumePerDay: number;
  readonly seed: number;
  readonly target: string;
  /** The planted shift, or null for a stream without one. */
  readonly shift: PlantedShift | null;
  readonly shiftStartMs: number;
  readonly bucketMs: number;
  /** The planted group's expected share of the posts before the shift. */
  readonly plantedGroupStreamShare: number;
  readonly outcome: StreamOutcome;
}

interface MaeReport {
  readonly raw: number | null;
  readonly corrected: number | null;
  readonly corrected_weighted: number | null;
  readonly shares: number;
}

interface DetectorReport {
  readonly detection_rate: number | null;
  readonly detection_rate_by_kind: Readonly<Record<PlantedShiftKind, number | null>>;
  readonly median_delay_buckets: number | null;
  readonly false_alarms_per_1000: number | null;
  readonly planted: number;
  readonly detected: number;
  readonly false_alarms: number;
  readonly series_buckets: number;
}

/** Errors against the truth and interval coverage, on the streams without a shift. */
interface AccuracyReport {
  readonly population: { readonly mae: MaeReport };
  readonly groups: { readonly mae: MaeReport };
  readonly coverage_90: { readonly population: number | null; readonly groups: number | null };
}

/** The report's fields for one volume (the top level of `eval opinion` is the stated volume's). */
export interface VolumeReport extends AccuracyReport {
  readonly volume_per_day: number;
  readonly streams: { readonly without_shift: number; readonly with_shift: number };
  readonly planted_group_stream_share: number | null;
  readonly detectors: Readonly<Record<ShiftDetector, DetectorReport>>;
  readonly decomposition: Readonly<Record<PlantedShiftKind, number | null>> & {
    /** Per planted kind, the verdicts of the first alarm in the planted group (`undetected` when none). */
    readonly verdicts: Readonly<Record<PlantedShiftKind, Readonly<Record<string, number>>>>;
  };
  /** Why the errors are what they are: the same streams without a shift, estimated differently. */
  readonly diagnostics: {
    readonly validation_matrix: AccuracyReport | null;
    readonly gold_labels: AccuracyReport | null;
  };
}

const PLANTED_KINDS: readonly PlantedShiftKind[] = ['persuasion', 'composition'];

/**
 * Sums the streams' outcomes into the report. An alarm detects a planted shift when it is in the planted
 * group, after the shift's start (any label: a rise in favor is also a fall elsewhere); its delay is in
 * buckets from the start (1 = raised when the first shifted bucket closed). False alarms are every
 * alarm on the streams without a shift, per 1,000 (group, watched label) series-buckets.
 */
export function summariseStreams(streams: readonly EvaluatedStream[], volumePerDay: number): VolumeReport {
  const shipped = streams.filter((stream) => stream.variant === 'shipped');
  const quiet = shipped.filter((stream) => stream.shift === null);
  const planted = shipped.filter((stream) => stream.shift !== null);
  const diagnostic = (variant: EvaluatedStream['variant']) => {
    const runs = streams.filter((stream) => stream.variant === variant);
    return runs.length > 0 ? accuracyReport(runs) : null;
  };
  return {
    volume_per_day: volumePerDay,
    streams: { without_shift: quiet.length, with_shift: planted.length },
    planted_group_stream_share: mean(planted.map((stream) => stream.plantedGroupStreamShare)),
    ...accuracyReport(quiet),
    detectors: Object.fromEntries(
      SHIFT_DETECTORS.map((detector) => [detector, detectorReport(detector, quiet, planted)]),
    ) as Record<ShiftDetector, DetectorReport>,
    decomposition: decompositionReport(planted),
    diagnostics: {
      validation_matrix: diagnostic('validation_matrix'),
      gold_labels: diagnostic('gold_labels'),
    },
  };
}

function accuracyReport(quiet: readonly EvaluatedStream[]): AccuracyReport {
  const errors = { population: noErrors(), groups: noErrors() };
  const coverage = { population: { inside: 0, intervals: 0 }, groups: { inside: 0, intervals: 0 } };
  for (const { outcome } of quiet) {
    for (const part of ['population', 'groups'] as const) {
      addInto(errors[part], outcome.errors[part]);
      coverage[part].inside += outcome.coverage[part].inside;
      coverage[part].intervals += outcome.coverage[part].intervals;
    }
  }
  return {
    population: { mae: maeOf(errors.population) },
    groups: { mae: maeOf(errors.groups) },
    coverage_90: { population: shareOf(coverage.population), groups: shareOf(coverage.groups) },
  };
}

function detectorReport(
  detector: ShiftDetector,
  quiet: readonly EvaluatedStream[],
  planted: readonly EvaluatedStream[],
): DetectorReport {
  const delays = planted.map((stream) => delayOf(stream, detector));
  const detected = delays.filter((delay): delay is number => delay !== null);
  const falseAlarms = quiet.reduce(
    (sum, stream) => sum + stream.outcome.alarms.filter((alarm) => alarm.detector === detector).length,
    0,
  );
  const seriesBuckets = quiet.reduce((sum, stream) => sum + stream.outcome.seriesBuckets, 0);
  const rateOf = (kind: PlantedShiftKind) => {
    const ofKind = planted.filter((stream) => stream.shift?.kind === kind);
    return ofKind.length > 0
      ? round(ofKind.filter((stream) => delayOf(stream, detector) !== null).length / ofKind.length)
      : null;
  };
  return {
    detection_rate: planted.length > 0 ? round(detected.length / planted.length) : null,
    detection_rate_by_kind: { persuasion: rateOf('persuasion'), composition: rateOf('composition') },
    median_delay_buckets: median(detected),
    false_alarms_per_1000: seriesBuckets > 0 ? round((1000 * falseAlarms) / seriesBuckets) : null,
    planted: planted.length,
    detected: detected.length,
    false_alarms: falseAlarms,
    series_buckets: seriesBuckets,
  };
}

/** Buckets from the shift's start to the detector's first alarm in the planted group, or null. */
function delayOf(stream: EvaluatedStream, detector: ShiftDetector): number | null {
  const index = firstDetection(stream, (alarm) => alarm.detector === detector);
  if (index < 0) return null;
  return (stream.outcome.alarms[index].detectedAtMs - stream.shiftStartMs) / stream.bucketMs;
}

function firstDetection(
  stream: EvaluatedStream,
  also: (alarm: StreamOutcome['alarms'][number]) => boolean = () => true,
): number {
  const group = stream.shift?.group;
  if (!group) return -1;
  return stream.outcome.alarms.findIndex(
    (alarm) =>
      alarm.group.dimension === group.dimension &&
      alarm.group.value === group.value &&
      alarm.detectedAtMs > stream.shiftStartMs &&
      also(alarm),
  );
}

function decompositionReport(planted: readonly EvaluatedStream[]): VolumeReport['decomposition'] {
  const verdicts = Object.fromEntries(
    PLANTED_KINDS.map((kind) => [
      kind,
      Object.fromEntries([...SHIFT_KINDS, 'undecomposed', 'undetected'].map((verdict) => [verdict, 0])),
    ]),
  ) as Record<PlantedShiftKind, Record<string, number>>;
  for (const stream of planted) {
    if (!stream.shift) continue;
    const index = firstDetection(stream);
    const verdict = index < 0 ? 'undetected' : (stream.outcome.decompositions[index] ?? 'undecomposed');
    verdicts[stream.shift.kind][verdict]++;
  }
  const recovered = (kind: PlantedShiftKind) => {
    const total = Object.values(verdicts[kind]).reduce((a, b) => a + b, 0);
    return total > 0 ? round(verdicts[kind][kind] / total) : null;
  };
  return { persuasion: recovered('persuasion'), composition: recovered('composition'), verdicts };
}

function addInto(total: LayerErrors, part: LayerErrors): void {
  total.raw += part.raw;
  total.corrected += part.corrected;
  total.weighted += part.weighted;
  total.shares += part.shares;
}

function maeOf(errors: LayerErrors): MaeReport {
  const mae = (sum: number) => (errors.shares > 0 ? round(sum / errors.shares) : null);
  return {
    raw: mae(errors.raw),
    corrected: mae(errors.corrected),
    corrected_weighted: mae(errors.weighted),
    shares: errors.shares,
  };
}

function shareOf(coverage: Coverage): number | null {
  return coverage.intervals > 0 ? round(coverage.inside / coverage.intervals) : null;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function mean(values: readonly number[]): number | null {
  return values.length > 0 ? round(values.reduce((a, b) => a + b, 0) / values.length) : null;
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;
