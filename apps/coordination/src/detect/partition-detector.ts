import {
  coordinationEdgeOf,
  resolveSignalSettings,
  SIGNAL_OF_KIND,
  StreamingCoShareDetector,
  type CoEdge,
  type StreamingDetectorStats,
} from '@riptide/coordination';
import type { CoordinationEdge, ShareEvent } from '@riptide/contracts';
import { detectorSignals, type DetectSettings } from '../coordination-config';

/**
 * The detect role's state for one partition of `shares`: the streaming co-share detector (event time
 * in seconds, one signal per object kind), fed each share with its post id as its identity, so that a
 * share delivered again (a redelivery, or the scorer producing it again) pairs nothing new. `detect`
 * turns a share into the CoordinationEdges it completes; `replay` feeds a share from before the resume
 * offset, rebuilding the window without emitting what was emitted before the restart.
 */
export class PartitionDetector {
  private readonly detector: StreamingCoShareDetector;
  /** Event time a buffered share stays pairable (lateness + longest window): what a rebuild must replay. */
  readonly memorySeconds: number;
  private reported = { lateDropped: 0, overflowDropped: 0, duplicateDropped: 0 };

  constructor(settings: DetectSettings) {
    const signals = detectorSignals(settings);
    this.detector = new StreamingCoShareDetector({
      signals,
      allowedLatenessSeconds: settings.allowedLatenessSeconds,
      maxSharesPerObject: settings.maxSharesPerObject,
    });
    this.memorySeconds =
      settings.allowedLatenessSeconds +
      Math.max(...Object.values(resolveSignalSettings(signals)).map((signal) => signal.windowSeconds));
  }

  /** The edges this share completes; `detectedAt` stamps them (ISO, wall clock). */
  detect(share: ShareEvent, detectedAt: string): CoordinationEdge[] {
    const edges = this.push(share);
    return edges.length === 0 ? [] : edges.map((edge) => coordinationEdgeOf(edge, detectedAt));
  }

  replay(share: ShareEvent): void {
    this.push(share);
  }

  /** Event time of a share, seconds. */
  static timeOf(share: ShareEvent): number {
    return Date.parse(share.shared_at) / 1000;
  }

  stats(): StreamingDetectorStats {
    return this.detector.stats();
  }

  /** Shares dropped (late, over the per-object cap, or already held) since the last call: for counters. */
  droppedSinceLastCall(): { lateDropped: number; overflowDropped: number; duplicateDropped: number } {
    const { lateDropped, overflowDropped, duplicateDropped } = this.detector.stats();
    const dropped = {
      lateDropped: lateDropped - this.reported.lateDropped,
      overflowDropped: overflowDropped - this.reported.overflowDropped,
      duplicateDropped: duplicateDropped - this.reported.duplicateDropped,
    };
    this.reported = { lateDropped, overflowDropped, duplicateDropped };
    return dropped;
  }

  private push(share: ShareEvent): readonly CoEdge[] {
    return this.detector.push({
      account: share.account_id,
      object: share.object_id,
      time: PartitionDetector.timeOf(share),
      signal: SIGNAL_OF_KIND[share.object_kind],
      id: share.post_id,
    });
  }
}
