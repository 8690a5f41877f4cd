/**
 * The domain types of coordinated-spread detection. They are deliberately smaller than the Kafka
 * contracts (ShareEvent, CoordinationEdge in @riptide/contracts): the wiring maps one onto the other,
 * so that this library stays usable on a research CSV with no broker in sight.
 */

/** One account sharing one object (a reposted post, a URL, a domain, a hashtag...) at one time. */
export interface Share {
  /** Who shared. Any stable string id. */
  readonly account: string;
  /** What was shared, already normalised by the caller (e.g. a canonical URL). */
  readonly object: string;
  /** Event time in seconds since the Unix epoch (fractions allowed). */
  readonly time: number;
  /**
   * The identity of the share (e.g. the post behind it). The streaming detector ignores a share whose
   * id the object's window already holds (a redelivery) and names both shares' ids on its edges.
   */
  readonly id?: string;
}

/** The kinds of co-share evidence the detector tracks, each with its own window and weight. */
export const SIGNALS = ['co-post', 'co-url', 'co-domain', 'co-hashtag', 'co-text', 'co-media'] as const;
export type Signal = (typeof SIGNALS)[number];

/** A share tagged with the signal it is evidence for (the streaming front end keeps signals apart). */
export interface SignalShare extends Share {
  readonly signal: Signal;
}

/**
 * One co-share: two distinct accounts shared the same object within the signal's window.
 * `older` shared first (on equal times, the share seen first); `deltaSeconds` is never negative.
 */
export interface CoEdge {
  readonly older: string;
  readonly newer: string;
  readonly object: string;
  readonly signal: Signal;
  /** Event time of the newer share: when the evidence came into being. */
  readonly time: number;
  readonly deltaSeconds: number;
  /** The signal's configured weight, so that a graph can mix signals. */
  readonly weight: number;
  /** The ids of the older and the newer share, when the shares carried them. */
  readonly olderId?: string;
  readonly newerId?: string;
}

/** Throws a clear error naming the field when a share is not usable. */
export function assertShare(share: Share): void {
  if (typeof share.account !== 'string' || share.account.length === 0) {
    throw new TypeError(`share.account must be a non-empty string, got ${JSON.stringify(share.account)}`);
  }
  if (typeof share.object !== 'string' || share.object.length === 0) {
    throw new TypeError(`share.object must be a non-empty string, got ${JSON.stringify(share.object)}`);
  }
  if (typeof share.time !== 'number' || !Number.isFinite(share.time)) {
    throw new TypeError(`share.time must be a finite number of seconds, got ${String(share.time)}`);
  }
}
