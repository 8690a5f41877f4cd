import { schemaViolation, type ContractViolation } from '../contract-violation';
import { SHARE_OBJECT_KINDS, type ShareObjectKind } from '../labels';

// Shared objects are named `<kind>:<value>` (`url:https://x.org/a`, `post:123`, `hashtag:vote`), so a
// key on the `shares` topic says what was shared and two kinds can never collide.

export const sharedObjectIdSchema = {
  type: 'string',
  maxLength: 8192,
  pattern: `^(${SHARE_OBJECT_KINDS.join('|')}):.`,
  description: 'a kind-prefixed object id such as url:https://x.org/a, post:123 or hashtag:vote',
} as const;

export function sharedObjectId(kind: ShareObjectKind, value: string): string {
  return `${kind}:${value}`;
}

export function objectIdHasKind(
  field: string,
  objectId: string,
  kind: ShareObjectKind,
  because: string,
): ContractViolation | null {
  if (objectId.startsWith(`${kind}:`)) return null;
  return schemaViolation(
    field,
    `must start with "${kind}:" ${because}, got ${JSON.stringify(objectId.slice(0, 60))}`,
  );
}
