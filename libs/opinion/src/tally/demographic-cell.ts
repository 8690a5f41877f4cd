import { UNKNOWN_GROUP, type PopulationMargins } from '../opinion-types';

/** Where an author's demographics fall: one value (configured or `unknown`) per configured dimension. */
export interface CellAssignment {
  /** In the order of the configured dimensions. */
  readonly values: readonly string[];
  /** Indexes of the dimensions whose given value is not configured (counted as `unknown`, and reported). */
  readonly unrecognised: readonly number[];
}

/**
 * Maps demographics onto the configured dimensions. A missing value is `unknown`; a value the
 * configuration does not know is `unknown` too, but flagged as unrecognised so that a mismatch between
 * the data and the population file shows up instead of silently shrinking the known groups.
 */
export class DemographicCells {
  private readonly known: readonly ReadonlySet<string>[];

  constructor(readonly margins: PopulationMargins) {
    this.known = margins.dimensions.map((dimension) => new Set(Object.keys(dimension.shares)));
  }

  assign(demographics: Readonly<Record<string, string>>): CellAssignment {
    const unrecognised: number[] = [];
    const values = this.margins.dimensions.map((dimension, index) => {
      const value = Object.hasOwn(demographics, dimension.name) ? demographics[dimension.name] : undefined;
      if (value === undefined || value === '') return UNKNOWN_GROUP;
      if (this.known[index].has(value)) return value;
      unrecognised.push(index);
      return UNKNOWN_GROUP;
    });
    return { values, unrecognised };
  }
}

/** A key for a cell's values, unique because no configured value contains the separator. */
export function cellKey(values: readonly string[]): string {
  return values.join('\u001f');
}
