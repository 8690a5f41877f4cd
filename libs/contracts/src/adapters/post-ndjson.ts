import { isJsonObject } from '../json-object';
import { POST_SCHEMA } from '../schemas/post';
import { checkedPost } from './checked-post';
import type { AdaptResult } from './post-format';

/** Post objects as the contract has them; `schema` may be left out of files written by hand. */
export function* adaptPostObject(value: unknown): Generator<AdaptResult> {
  if (isJsonObject(value) && value.schema === undefined) value.schema = POST_SCHEMA;
  yield checkedPost(value);
}
