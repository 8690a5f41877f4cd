import type { GroupKey } from '../opinion-types';

/** A map key for a group: `dimension=value`, or `*` for the whole population. */
export function groupId(group: GroupKey): string {
  return group.dimension === null ? '*' : `${group.dimension}=${group.value}`;
}
