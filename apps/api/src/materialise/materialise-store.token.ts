/** Nest injection token of the Store the materialisers write into. */
export const MATERIALISE_STORE = Symbol('MaterialiseStore');
