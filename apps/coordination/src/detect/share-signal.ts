import type { Signal } from '@riptide/coordination';
import { SIGNAL_OBJECT_KIND, type ShareObjectKind } from '@riptide/contracts';

/** The signal a share is evidence for, by what was shared: the inverse of the contracts' signal -> kind table. */
export const SIGNAL_OF_KIND = Object.fromEntries(
  Object.entries(SIGNAL_OBJECT_KIND).map(([signal, kind]) => [kind, signal]),
) as Record<ShareObjectKind, Signal>;
