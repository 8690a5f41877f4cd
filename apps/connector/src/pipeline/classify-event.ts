import type { Post, PostDeletion } from '@riptide/contracts';
import type { ConnectorFilters } from '../connector-config';
import type { ReceivedEvent } from '../sources/live-source';
import { passesFilters } from './event-filter';

/** What the pipeline does with one received event. */
export type EventOutcome =
  | { readonly kind: 'post'; readonly post: Post }
  | { readonly kind: 'deletion'; readonly deletion: PostDeletion }
  /**
   * `reason` is a SkipCode or a contract violation code: a bounded metric label. `refusal` says what was
   * wrong with an event refused as bad (malformed, oversized, invalid), not skipped by design.
   */
  | { readonly kind: 'skip'; readonly reason: string; readonly refusal?: string };

export interface ClassifyLimits {
  readonly maxEventBytes: number;
  readonly filters: ConnectorFilters;
}

/**
 * The one place an event's size is judged: sources hand every frame on, whatever its size, so that the
 * rule (and its count) does not depend on which source read it. Deletions are never filtered: a post
 * produced before a filter changed must still be erased downstream.
 */
export function classifyEvent(event: ReceivedEvent, limits: ClassifyLimits): EventOutcome {
  if (event.bytes > limits.maxEventBytes)
    return {
      kind: 'skip',
      reason: 'oversized',
      refusal: `${event.bytes} bytes, over CONNECTOR_MAX_EVENT_BYTES (${limits.maxEventBytes})`,
    };
  const { result } = event;
  if (result.ok === true)
    return passesFilters(result.post, limits.filters)
      ? { kind: 'post', post: result.post }
      : { kind: 'skip', reason: 'filtered' };
  if (result.ok === 'delete') return { kind: 'deletion', deletion: result.deletion };
  if (result.ok === 'skip') return { kind: 'skip', reason: result.code };
  const { code, field, message } = result.error;
  return { kind: 'skip', reason: code, refusal: field ? `${field}: ${message}` : message };
}
