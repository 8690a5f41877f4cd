import { adaptJetstreamEvent } from '@riptide/contracts';
import { malformedFrame, type ReceivedEvent, type SourcePosition } from '../live-source';

/**
 * One Jetstream frame as the pipeline receives it. The position comes from `time_us` (the instance's
 * receive time, microseconds), which is also Jetstream's resume cursor. Every frame is parsed whatever
 * its size: the server already drops frames over `maxMessageSizeBytes`, and the pipeline is the one
 * place that judges size (classify-event.ts).
 */
export function jetstreamEvent(frame: Buffer): ReceivedEvent {
  const bytes = frame.length;
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame.toString('utf8'));
  } catch (error) {
    return { result: malformedFrame((error as Error).message), position: null, bytes };
  }
  return { result: adaptJetstreamEvent(parsed), position: positionOf(parsed), bytes };
}

function positionOf(parsed: unknown): SourcePosition | null {
  const timeUs = (parsed as { time_us?: unknown } | null)?.time_us;
  if (typeof timeUs !== 'number' || !Number.isSafeInteger(timeUs) || timeUs < 0) return null;
  return { cursor: String(timeUs), eventTimeMs: timeUs / 1000 };
}
