import { OPINION_MEASURES, type OpinionMeasure } from '@riptide/contracts';
import { MEASURE_LABELS, type OpinionObservation, type PopulationMargins } from '../opinion-types';
import { cellKey, DemographicCells } from './demographic-cell';

/** One author's observations of one measure within one cell of a bucket. */
export interface AuthorMeasureTally {
  /** Sum of the model's probability vectors (soft counts). */
  readonly probSums: Float64Array;
  /** How often the model chose each label (hard counts). */
  readonly labelCounts: Float64Array;
}

export interface AuthorTally {
  readonly authorId: string;
  observations: number;
  readonly measures: Readonly<Record<OpinionMeasure, AuthorMeasureTally>>;
}

/** The authors of one demographic cell: one value (configured or `unknown`) per configured dimension. */
export interface CellTally {
  readonly values: readonly string[];
  readonly authors: ReadonlyMap<string, AuthorTally>;
  readonly observations: number;
}

interface MutableCell extends CellTally {
  readonly authors: Map<string, AuthorTally>;
  observations: number;
}

/**
 * The observations of one topic in one time bucket, per demographic cell and, inside a cell, per author:
 * soft counts (summed probability vectors) and hard counts (the chosen labels). Estimation needs
 * per-author sums (each account one vote; the variance clusters by author), never single observations,
 * so memory grows with cells and authors, not with observations.
 */
export class BucketTally {
  private readonly cellMap = new Map<string, MutableCell>();
  private readonly unrecognisedCounts: number[];
  private readonly modelCounts: Record<OpinionMeasure, Map<string, number>> = {
    stance: new Map(),
    sentiment: new Map(),
  };
  private readonly demographicCells: DemographicCells;
  private observationCount = 0;

  constructor(
    readonly topicId: string,
    readonly bucketStartMs: number,
    readonly bucketEndMs: number,
    readonly margins: PopulationMargins,
  ) {
    if (!(bucketEndMs > bucketStartMs))
      throw new RangeError(`bucket end ${bucketEndMs} must be after its start ${bucketStartMs}`);
    this.demographicCells = new DemographicCells(margins);
    this.unrecognisedCounts = margins.dimensions.map(() => 0);
  }

  add(observation: OpinionObservation): void {
    if (!(observation.timeMs >= this.bucketStartMs && observation.timeMs < this.bucketEndMs))
      throw new RangeError(
        `observation at ${observation.timeMs} is outside the bucket [${this.bucketStartMs}, ${this.bucketEndMs})`,
      );
    for (const measure of OPINION_MEASURES) checkScore(observation, measure);
    const assignment = this.demographicCells.assign(observation.demographics);
    for (const dimension of assignment.unrecognised) this.unrecognisedCounts[dimension] += 1;
    const cell = this.cellOf(assignment.values);
    let author = cell.authors.get(observation.authorId);
    if (author === undefined) {
      author = newAuthor(observation.authorId);
      cell.authors.set(observation.authorId, author);
    }
    author.observations += 1;
    cell.observations += 1;
    this.observationCount += 1;
    for (const measure of OPINION_MEASURES) {
      const { probs, label } = observation[measure];
      const tally = author.measures[measure];
      for (let k = 0; k < probs.length; k++) tally.probSums[k] += probs[k];
      tally.labelCounts[label] += 1;
      const model = observation.models[measure];
      this.modelCounts[measure].set(model, (this.modelCounts[measure].get(model) ?? 0) + 1);
    }
  }

  get observations(): number {
    return this.observationCount;
  }

  cells(): Iterable<CellTally> {
    return this.cellMap.values();
  }

  /** Per configured dimension: observations whose value is not configured (counted in `unknown`). */
  unrecognised(): Readonly<Record<string, number>> {
    return Object.fromEntries(
      this.margins.dimensions.map((dimension, index) => [dimension.name, this.unrecognisedCounts[index]]),
    );
  }

  /** The model that scored most of the bucket's observations of a measure ('' before any). */
  dominantModel(measure: OpinionMeasure): string {
    let dominant = '';
    let most = 0;
    for (const [model, count] of this.modelCounts[measure])
      if (count > most) [dominant, most] = [model, count];
    return dominant;
  }

  private cellOf(values: readonly string[]): MutableCell {
    const key = cellKey(values);
    let cell = this.cellMap.get(key);
    if (cell === undefined) {
      cell = { values, authors: new Map(), observations: 0 };
      this.cellMap.set(key, cell);
    }
    return cell;
  }
}

function newAuthor(authorId: string): AuthorTally {
  const measures = Object.fromEntries(
    OPINION_MEASURES.map((measure) => {
      const labels = MEASURE_LABELS[measure].length;
      return [measure, { probSums: new Float64Array(labels), labelCounts: new Float64Array(labels) }];
    }),
  ) as Record<OpinionMeasure, AuthorMeasureTally>;
  return { authorId, observations: 0, measures };
}

/** The contract validated the message; this guards the mapping into the domain (a wrong label order). */
function checkScore(observation: OpinionObservation, measure: OpinionMeasure): void {
  const { probs, label } = observation[measure];
  const labels = MEASURE_LABELS[measure].length;
  if (probs.length !== labels || !Number.isInteger(label) || label < 0 || label >= labels)
    throw new RangeError(
      `${measure} of ${observation.authorId} needs ${labels} probabilities and a label index below ${labels}`,
    );
}
