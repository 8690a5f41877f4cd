import { adaptMastodonStatus, mastodonDeletion, type AdaptResult } from '@riptide/contracts';
import { malformedFrame } from '../live-source';
import type { SseFrame } from './sse-parser';
import { isStatusId } from './status-ids';

/** One event from a stream or a timeline page, adapted, with what the source needs to place it. */
export interface SourceEvent {
  readonly result: AdaptResult;
  /** The status an `update` or a timeline entry carries: it moves its stream's cursor. */
  readonly statusId: string | null;
  /** The status's created_at. */
  readonly eventTimeMs: number | null;
  /** False when the frame could not be read far enough to place it in the source (malformed, oversized). */
  readonly placed: boolean;
  readonly bytes: number;
}

const MAX_QUOTED_EVENT_NAME = 40;

/**
 * A server-sent event of a Mastodon stream: `update` carries a status (JSON), `delete` the bare id of
 * a deleted status (only the instance-local id: the post id is built from it), `status.update` an edit
 * of a status already delivered; the public and hashtag streams send nothing else, but a user stream
 * would (notifications, filters): those are skipped as not posts.
 */
export function sseFrameEvent(frame: SseFrame, instance: string, now: () => Date): SourceEvent {
  if (frame.kind === 'oversized')
    return {
      result: { ok: 'skip', code: 'oversized', reason: `an event of ${frame.bytes} bytes, over the limit` },
      statusId: null,
      eventTimeMs: null,
      placed: false,
      bytes: frame.bytes,
    };
  switch (frame.event) {
    case 'update':
      return statusEvent(frame.data, instance, frame.bytes);
    case 'delete':
      return {
        result: mastodonDeletion(frame.data.trim(), instance, now().toISOString()),
        statusId: null,
        eventTimeMs: null,
        placed: true,
        bytes: frame.bytes,
      };
    case 'status.update':
      return skipped(
        'edit',
        'an edit of a status (status.update): the post was taken as first published',
        frame,
      );
    default:
      return skipped(
        'not_a_post',
        `a ${JSON.stringify(frame.event.slice(0, MAX_QUOTED_EVENT_NAME))} event, not a status`,
        frame,
      );
  }
}

/** One status of a REST timeline page. */
export function timelineStatusEvent(status: unknown, instance: string, bytes: number): SourceEvent {
  return adapted(status, instance, bytes);
}

function statusEvent(data: string, instance: string, bytes: number): SourceEvent {
  let status: unknown;
  try {
    status = JSON.parse(data);
  } catch (error) {
    return {
      result: malformedFrame((error as Error).message),
      statusId: null,
      eventTimeMs: null,
      placed: false,
      bytes,
    };
  }
  return adapted(status, instance, bytes);
}

function adapted(status: unknown, instance: string, bytes: number): SourceEvent {
  const fields = typeof status === 'object' && status !== null ? (status as Record<string, unknown>) : {};
  const createdMs = typeof fields.created_at === 'string' ? Date.parse(fields.created_at) : NaN;
  return {
    result: adaptMastodonStatus(status, instance),
    statusId: isStatusId(fields.id) ? fields.id : null,
    eventTimeMs: Number.isFinite(createdMs) ? createdMs : null,
    placed: true,
    bytes,
  };
}

function skipped(code: 'edit' | 'not_a_post', reason: string, frame: { bytes: number }): SourceEvent {
  return {
    result: { ok: 'skip', code, reason },
    statusId: null,
    eventTimeMs: null,
    placed: true,
    bytes: frame.bytes,
  };
}
