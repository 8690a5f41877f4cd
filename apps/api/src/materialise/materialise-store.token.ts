import type { Store } from '@riptide/store';

/** Nest injection token of the MaterialiseTarget the materialisers write into. */
export const MATERIALISE_STORE = Symbol('MaterialiseStore');

/** The store the materialisers write into, and whom to tell when a batch changed it. */
export interface MaterialiseTarget {
  readonly store: Store;
  /** Called after every batch that wrote rows (the api's response cache is stale from then on). */
  readonly changed: () => void;
}
