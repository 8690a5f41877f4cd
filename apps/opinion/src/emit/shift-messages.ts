import { OPINION_SHIFT_SCHEMA, opinionShiftCodec, type ShareEstimate } from '@riptide/contracts';
import type { ShiftWindow } from '@riptide/opinion';
import type { OutboundMessage } from '@riptide/stream';
import type { DecomposedShift } from '../topic/topic-opinion';
import { groupRecord } from './estimate-messages';
import { clamped, rounded } from './rounded';

export const SHIFTS_TOPIC = 'opinion.shifts';

/** One `opinion-shift/v1` per detected shift, keyed by topic. */
export function shiftMessage(shift: DecomposedShift): OutboundMessage {
  const { decomposition } = shift;
  return {
    topic: SHIFTS_TOPIC,
    key: shift.topicId,
    value: opinionShiftCodec.encode({
      schema: OPINION_SHIFT_SCHEMA,
      topic_id: shift.topicId,
      detector: shift.detector,
      group: groupRecord(shift.group),
      label: shift.label,
      before: window(shift.before),
      after: window(shift.after),
      size: clamped(rounded(shift.size), -1, 1),
      confidence: clamped(rounded(shift.confidence), 0, 1),
      ...(decomposition && {
        decomposition: {
          kind: decomposition.kind,
          returning_authors: decomposition.returning_authors,
          within: clamped(rounded(decomposition.within), -1, 1),
          composition: clamped(rounded(decomposition.composition), -2, 2),
        },
      }),
      detected_at: new Date(shift.detectedAtMs).toISOString(),
    }),
  };
}

function window(summary: ShiftWindow): ShareEstimate {
  const share = clamped(rounded(summary.share), 0, 1);
  return {
    share,
    n_eff: rounded(summary.nEff),
    ci_low: Math.min(clamped(rounded(summary.low), 0, 1), share),
    ci_high: Math.max(clamped(rounded(summary.high), 0, 1), share),
    from: new Date(summary.fromMs).toISOString(),
    to: new Date(summary.toMs).toISOString(),
  };
}
