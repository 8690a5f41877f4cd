export * from './opinion-types';
export { OpinionConfigError } from './config/opinion-config-error';
export { parsePopulationMargins, POPULATION_SCHEMA } from './config/population-margins';
export {
  DEFAULT_OPINION_SETTINGS,
  opinionSettingsFromEnv,
  parseOpinionSettings,
  type OpinionSettings,
} from './config/opinion-settings';
export { bucketStartOf } from './tally/bucket-start';
export { cellKey, DemographicCells, type CellAssignment } from './tally/demographic-cell';
export { BucketTally, type AuthorMeasureTally, type AuthorTally, type CellTally } from './tally/bucket-tally';
export { projectOntoSimplex } from './correction/simplex-projection';
export {
  planCorrection,
  type ActiveCorrection,
  type CorrectionOptions,
  type CorrectionPlan,
  type NoCorrection,
} from './correction/correction-plan';
export { correctShares, type CorrectedShares, type ObservedShares } from './correction/correct-shares';
export { rakeCells, type RakingCell, type RakingOptions, type RakingResult } from './weighting/rake-cells';
export {
  poolTowardPopulation,
  type PooledShares,
  type PoolingInput,
  type SharesWithVariance,
} from './weighting/partial-pooling';
export { inverseNormalCdf, zForConfidence } from './intervals/inverse-normal';
export { wilsonInterval } from './intervals/wilson-interval';
export { normalInterval } from './intervals/normal-interval';
export { effectiveSampleSize, effectiveSampleSizeOfSums } from './intervals/effective-sample-size';
export { WeightedMoments } from './estimate/weighted-moments';
export { sampleGroup, type GroupSample, type WeightedCell } from './estimate/group-sample';
export { estimateBucket, type EstimateBucketOptions } from './estimate/estimate-bucket';
export * from './simulation/simulation-types';
export {
  simulateOpinionStream,
  type OpinionSimulation,
  type OpinionSimulationOptions,
} from './simulation/opinion-stream';
export {
  defaultPostingRates,
  type PopulationOptions,
  type PostingRates,
} from './simulation/synthetic-population';
export type {
  DetectedShift,
  SeriesDetector,
  SeriesPoint,
  SeriesShift,
  ShiftWindow,
} from './detectors/shift-types';
export { DEFAULT_REPORT_OPTIONS, type ReportOptions } from './detectors/detector-options';
export { benjaminiHochberg, type MultipleTestOutcome } from './detectors/benjamini-hochberg';
export {
  DEFAULT_TWO_WINDOW_OPTIONS,
  TwoWindowDetector,
  type TwoWindowOptions,
  type WindowComparison,
} from './detectors/two-window-detector';
export { CusumDetector, DEFAULT_CUSUM_OPTIONS, type CusumOptions } from './detectors/cusum-detector';
export { BocpdDetector, DEFAULT_BOCPD_OPTIONS, type BocpdOptions } from './detectors/bocpd-detector';
export {
  DEFAULT_TOPIC_SHIFT_OPTIONS,
  TopicShiftDetectors,
  type SeriesStatistic,
  type TopicShiftOptions,
} from './detectors/topic-shift-detectors';
export { groupId } from './detectors/group-id';
export { AuthorPanel, type SoftTally, type TimeRange } from './decomposition/author-panel';
export {
  DEFAULT_DECOMPOSE_OPTIONS,
  decomposeShift,
  type DecomposeOptions,
  type ShiftDecompositionResult,
} from './decomposition/decompose-shift';
