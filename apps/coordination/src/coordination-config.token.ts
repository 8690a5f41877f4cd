/** Nest injection token of the CoordinationConfig. */
export const COORDINATION_CONFIG = Symbol('CoordinationConfig');
