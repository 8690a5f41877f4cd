import { defineCodec } from '../codec';
import { SHARE_OBJECT_KINDS, type ShareObjectKind } from '../labels';
import { closedObject, dateTime, identifier, list, schemaName } from './fragments';
import { objectIdHasKind, sharedObjectIdSchema } from './shared-object-id';

export const SHARE_EVENT_SCHEMA = 'share/v1';

/** One account sharing one object in one post; keyed by object id so every share of it meets on one partition. */
export interface ShareEvent {
  schema: typeof SHARE_EVENT_SCHEMA;
  /** `<object_kind>:<value>`, e.g. `url:https://x.org/a`. */
  object_id: string;
  object_kind: ShareObjectKind;
  account_id: string;
  post_id: string;
  shared_at: string;
  topic_ids?: string[];
}

export const shareEventJsonSchema = {
  title: SHARE_EVENT_SCHEMA,
  description: 'object_id starts with "<object_kind>:".',
  ...closedObject(
    {
      schema: schemaName(SHARE_EVENT_SCHEMA),
      object_id: sharedObjectIdSchema,
      object_kind: { type: 'string', enum: SHARE_OBJECT_KINDS },
      account_id: identifier,
      post_id: identifier,
      shared_at: dateTime,
      topic_ids: list(identifier),
    },
    ['schema', 'object_id', 'object_kind', 'account_id', 'post_id', 'shared_at'],
  ),
};

export const shareEventCodec = defineCodec<ShareEvent>({
  schema: SHARE_EVENT_SCHEMA,
  jsonSchema: shareEventJsonSchema,
  crossFieldRules: (share) =>
    objectIdHasKind(
      'object_id',
      share.object_id,
      share.object_kind,
      `because object_kind is ${share.object_kind}`,
    ),
});
