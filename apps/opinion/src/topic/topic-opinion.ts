import type { OpinionMeasure } from '@riptide/contracts';
import type { ShiftDecomposition } from '@riptide/contracts';
import {
  AuthorPanel,
  BucketTally,
  decomposeShift,
  estimateBucket,
  TopicShiftDetectors,
  type BucketEstimate,
  type ConfusionMatrix,
  type DetectedShift,
  type GroupKey,
  type OpinionObservation,
  type OpinionSettings,
  type PopulationMargins,
  type SeriesStatistic,
} from '@riptide/opinion';

export interface TopicOpinionOptions {
  readonly topicId: string;
  readonly margins: PopulationMargins;
  readonly settings: OpinionSettings;
  readonly latenessMs: number;
  /** Closed buckets the author panel keeps for decompositions. */
  readonly horizonBuckets: number;
  /** The confusion matrix of a model for this topic (its stance target), if one shipped. */
  readonly confusionFor: (model: string, measure: OpinionMeasure) => ConfusionMatrix | undefined;
}

/** A shift with the decomposition of its windows (absent when no author posted in both). */
export interface DecomposedShift extends DetectedShift {
  readonly decomposition?: ShiftDecomposition;
}

export interface ClosedBucket {
  readonly estimate: BucketEstimate;
  readonly shifts: readonly DecomposedShift[];
  /** The detectors' statistics after this bucket, for the gauges. */
  readonly statistics: readonly SeriesStatistic[];
  /** Per dimension: observations whose value the population file does not know (counted as unknown). */
  readonly unrecognised: Readonly<Record<string, number>>;
}

/**
 * One topic's opinion state, Kafka Streams style: a processor with an event-time state store. Observations
 * fold into the tally of their bucket; a bucket closes once the newest event time passes its end plus the
 * lateness (or when the stream goes quiet, see closeQuiet), and is then estimated, fed to the detectors in
 * bucket order and dropped. Observations for a closed bucket are late: counted, not folded.
 */
export class TopicOpinion {
  private readonly open = new Map<number, BucketTally>();
  private readonly detectors: TopicShiftDetectors;
  private readonly panel: AuthorPanel;
  private newestEventMs = Number.NEGATIVE_INFINITY;
  /** Observations before this time belong to closed buckets. */
  private closedBeforeMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: TopicOpinionOptions) {
    this.detectors = new TopicShiftDetectors(options.topicId);
    this.panel = new AuthorPanel(options.horizonBuckets);
  }

  get openBuckets(): number {
    return this.open.size;
  }

  /** Folds one observation in; false when its bucket has already closed (a late observation). */
  add(observation: OpinionObservation): boolean {
    if (observation.timeMs < this.closedBeforeMs) return false;
    const width = this.options.settings.bucketWidthMs;
    const start = Math.floor(observation.timeMs / width) * width;
    let tally = this.open.get(start);
    if (tally === undefined) {
      tally = new BucketTally(this.options.topicId, start, start + width, this.options.margins);
      this.open.set(start, tally);
    }
    tally.add(observation);
    if (observation.timeMs > this.newestEventMs) this.newestEventMs = observation.timeMs;
    return true;
  }

  /** Closes the buckets the event-time watermark (newest event time minus the lateness) has passed. */
  closeDue(): ClosedBucket[] {
    return this.closeThrough(this.newestEventMs - this.options.latenessMs);
  }

  /**
   * The stream has been quiet (nothing arrived for a while): closes the buckets that ended before the
   * newest observation, or more than the lateness ago by the wall clock. A drained input has nothing
   * late left to deliver, so a backfill or replay (whose event time is far behind the clock, with a
   * lateness that covers its disorder) still publishes every complete bucket once it has been read.
   */
  closeQuiet(nowMs: number): ClosedBucket[] {
    return this.closeThrough(Math.max(this.newestEventMs, nowMs - this.options.latenessMs));
  }

  private closeThrough(watermarkMs: number): ClosedBucket[] {
    const due = [...this.open.values()]
      .filter((tally) => tally.bucketEndMs <= watermarkMs)
      .sort((a, b) => a.bucketStartMs - b.bucketStartMs);
    return due.map((tally) => {
      this.open.delete(tally.bucketStartMs);
      this.closedBeforeMs = Math.max(this.closedBeforeMs, tally.bucketEndMs);
      const estimate = estimateBucket(tally, {
        margins: this.options.margins,
        settings: this.options.settings,
        confusion: {
          stance: this.options.confusionFor(tally.dominantModel('stance'), 'stance'),
          sentiment: this.options.confusionFor(tally.dominantModel('sentiment'), 'sentiment'),
        },
      });
      this.recordInPanel(tally);
      const shifts = this.detectors.process(estimate).map((shift) => this.decomposed(shift));
      return {
        estimate,
        shifts,
        statistics: this.detectors.statistics(),
        unrecognised: tally.unrecognised(),
      };
    });
  }

  /**
   * The closed bucket's authors into the panel the decompositions read: once per author and bucket from
   * the tally, rather than once per observation (the panel needs closed buckets only).
   */
  private recordInPanel(tally: BucketTally): void {
    const dimensions = this.options.margins.dimensions;
    for (const cell of tally.cells()) {
      const groups: GroupKey[] = [
        { dimension: null, value: null },
        ...dimensions.map((dimension, index) => ({ dimension: dimension.name, value: cell.values[index] })),
      ];
      for (const author of cell.authors.values())
        this.panel.recordAuthor(
          tally.bucketStartMs,
          author.authorId,
          groups,
          author.observations,
          author.measures.stance.probSums,
        );
    }
  }

  /** Whether returning authors changed their minds or the mix of who posts changed, over the shift's windows. */
  private decomposed(shift: DetectedShift): DecomposedShift {
    const result = decomposeShift(
      this.panel,
      shift.group,
      shift.label,
      { fromMs: shift.before.fromMs, toMs: shift.before.toMs },
      { fromMs: shift.after.fromMs, toMs: shift.after.toMs },
    );
    if (result === null || result.returningAuthors === 0) return shift;
    return {
      ...shift,
      decomposition: {
        kind: result.kind,
        returning_authors: result.returningAuthors,
        within: result.within,
        composition: result.composition,
      },
    };
  }
}
