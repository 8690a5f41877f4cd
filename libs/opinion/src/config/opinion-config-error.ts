/** A bad opinion setting or population file: `field` names the offending value, e.g. `dimensions.gender.male`. */
export class OpinionConfigError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'OpinionConfigError';
  }
}
