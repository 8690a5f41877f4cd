import { SIGNALS, type CoEdge, type Share, type Signal, type SignalShare } from '../share';
import { ObjectWindow } from './object-window';
import { resolveSignalSettings, type SignalSettings } from './signal-settings';

export interface StreamingDetectorOptions {
  /** Per-signal window and weight; unspecified signals keep the defaults. */
  readonly signals?: Partial<Record<Signal, Partial<SignalSettings>>>;
  /** Shares older than the watermark by more than this are late: counted and dropped. Default 30 s. */
  readonly allowedLatenessSeconds?: number;
  /** Memory bound per object: past it the oldest shares are dropped (and counted). Default 10,000. */
  readonly maxSharesPerObject?: number;
}

export interface StreamingDetectorStats {
  /** Highest event time seen or passed to `advanceWatermark`. */
  readonly watermark: number;
  readonly activeObjects: number;
  readonly bufferedShares: number;
  readonly accepted: number;
  readonly lateDropped: number;
  /** Shares pushed out by `maxSharesPerObject` before their window ended. */
  readonly overflowDropped: number;
  /** Shares ignored because the object's window already held a share with their id (redeliveries). */
  readonly duplicateDropped: number;
  readonly edges: number;
}

/** Per account: shares seen and shares that paired with another account's share at least once. */
export interface AccountActivity {
  readonly shares: number;
  readonly coordinatedShares: number;
}

const NO_EDGES: readonly CoEdge[] = Object.freeze([]);

/**
 * The streaming front end of co-share detection. Each share is paired, as it arrives, with the
 * buffered shares of the same object and signal that are at most the signal's window away
 * (inclusive, either direction in time, distinct accounts): CooRTweet's rule, so a stream in
 * any order within the lateness yields the pairs a batch run over the same shares yields.
 *
 * Memory is bounded by the windows: a share is kept while a pairing partner may still arrive,
 * i.e. while it is newer than watermark - lateness - window; objects with no live share are
 * forgotten, and `maxSharesPerObject` caps a viral object.
 *
 * Shares that carry an `id` are counted once: a share whose id its object's window already holds is a
 * redelivery and pairs nothing. A copy of a share that has left the window is older than the watermark by
 * more than the lateness, so it is dropped as late instead: together, no copy ever pairs twice (short of a
 * share pushed out early by `maxSharesPerObject`).
 */
export class StreamingCoShareDetector {
  private readonly settings: Record<Signal, SignalSettings>;
  private readonly lateness: number;
  private readonly maxSharesPerObject: number;
  private readonly windows = new Map<Signal, Map<string, ObjectWindow>>();
  private readonly accountIds = new Map<string, number>();
  private readonly accountNames: string[] = [];
  private readonly shareCount: number[] = [];
  private readonly coordinatedCount: number[] = [];
  private readonly longestWindow: number;
  private watermarkTime = Number.NEGATIVE_INFINITY;
  private nextSweep = Number.NEGATIVE_INFINITY;
  private counts = {
    accepted: 0,
    lateDropped: 0,
    overflowDropped: 0,
    duplicateDropped: 0,
    edges: 0,
    buffered: 0,
  };

  constructor(options: StreamingDetectorOptions = {}) {
    this.settings = resolveSignalSettings(options.signals);
    this.lateness = options.allowedLatenessSeconds ?? 30;
    this.maxSharesPerObject = options.maxSharesPerObject ?? 10_000;
    if (!Number.isFinite(this.lateness) || this.lateness < 0) {
      throw new RangeError(`allowedLatenessSeconds must be a number of seconds >= 0, got ${this.lateness}`);
    }
    if (!Number.isInteger(this.maxSharesPerObject) || this.maxSharesPerObject < 1) {
      throw new RangeError(`maxSharesPerObject must be an integer >= 1, got ${this.maxSharesPerObject}`);
    }
    for (const signal of SIGNALS) this.windows.set(signal, new Map());
    this.longestWindow = Math.max(...SIGNALS.map((signal) => this.settings[signal].windowSeconds));
  }

  /**
   * Adds one share (signal `co-post` unless tagged) and returns the co-share edges it completes.
   * The returned array is shared and frozen when empty; do not keep a reference to mutate it.
   */
  push(share: Share | SignalShare): readonly CoEdge[] {
    const signal: Signal = 'signal' in share ? share.signal : 'co-post';
    const settings = this.settings[signal];
    if (settings === undefined)
      throw new RangeError(`share.signal must be one of ${SIGNALS.join(', ')}, got ${String(signal)}`);
    const { account, object, time, id } = share;
    if (typeof time !== 'number' || !Number.isFinite(time))
      throw new TypeError(`share.time must be a finite number of seconds, got ${String(time)}`);
    if (time < this.watermarkTime - this.lateness) {
      this.counts.lateDropped++;
      return NO_EDGES;
    }
    if (time > this.watermarkTime) this.moveWatermark(time);

    let accountId = this.accountIds.get(account);
    if (accountId === undefined) {
      if (typeof account !== 'string' || account.length === 0)
        throw new TypeError(`share.account must be a non-empty string, got ${JSON.stringify(account)}`);
      accountId = this.accountNames.length;
      this.accountIds.set(account, accountId);
      this.accountNames.push(account);
      this.shareCount.push(0);
      this.coordinatedCount.push(0);
    }

    const objects = this.windows.get(signal) as Map<string, ObjectWindow>;
    let window = objects.get(object);
    if (window === undefined) {
      if (typeof object !== 'string' || object.length === 0)
        throw new TypeError(`share.object must be a non-empty string, got ${JSON.stringify(object)}`);
      window = new ObjectWindow();
      objects.set(object, window);
    } else {
      this.counts.buffered -= window.evictBefore(this.watermarkTime - this.lateness - settings.windowSeconds);
    }

    const span = settings.windowSeconds;
    const index = window.insertionIndex(time);
    if (id !== undefined && window.holds(index, time, id)) {
      this.counts.duplicateDropped++;
      return NO_EDGES;
    }
    this.counts.accepted++;
    this.shareCount[accountId]++;
    let edges: CoEdge[] | undefined;
    let paired = false;
    // Older partners: buffered shares before the insertion point, back to time - window.
    for (let k = index - 1; k >= window.head; k--) {
      const partnerTime = window.times[k];
      if (partnerTime < time - span) break;
      const partner = window.accounts[k];
      if (partner === accountId) continue;
      (edges ??= []).push(
        this.edge(
          partner,
          window.ids[k],
          accountId,
          id,
          object,
          signal,
          time,
          time - partnerTime,
          settings.weight,
        ),
      );
      paired = true;
      this.markPaired(window, k, partner);
    }
    // Newer partners exist only when this share arrived late (out of order).
    for (let k = index; k < window.times.length; k++) {
      const partnerTime = window.times[k];
      if (partnerTime > time + span) break;
      const partner = window.accounts[k];
      if (partner === accountId) continue;
      (edges ??= []).push(
        this.edge(
          accountId,
          id,
          partner,
          window.ids[k],
          object,
          signal,
          partnerTime,
          partnerTime - time,
          settings.weight,
        ),
      );
      paired = true;
      this.markPaired(window, k, partner);
    }
    if (paired) this.coordinatedCount[accountId]++;
    window.insert(index, time, accountId, id, paired);
    this.counts.buffered++;
    if (window.size > this.maxSharesPerObject) {
      window.head++;
      this.counts.buffered--;
      this.counts.overflowDropped++;
    }
    if (edges === undefined) return NO_EDGES;
    this.counts.edges += edges.length;
    return edges;
  }

  /** Moves event time forward without a share (idle partitions), evicting what expired. */
  advanceWatermark(time: number): void {
    if (!Number.isFinite(time))
      throw new TypeError(`watermark must be a finite number of seconds, got ${String(time)}`);
    if (time > this.watermarkTime) this.moveWatermark(time);
  }

  stats(): StreamingDetectorStats {
    let activeObjects = 0;
    for (const objects of this.windows.values()) activeObjects += objects.size;
    return {
      watermark: this.watermarkTime,
      activeObjects,
      bufferedShares: this.counts.buffered,
      accepted: this.counts.accepted,
      lateDropped: this.counts.lateDropped,
      overflowDropped: this.counts.overflowDropped,
      duplicateDropped: this.counts.duplicateDropped,
      edges: this.counts.edges,
    };
  }

  activity(account: string): AccountActivity {
    const id = this.accountIds.get(account);
    return id === undefined
      ? { shares: 0, coordinatedShares: 0 }
      : { shares: this.shareCount[id], coordinatedShares: this.coordinatedCount[id] };
  }

  private edge(
    older: number,
    olderId: string | undefined,
    newer: number,
    newerId: string | undefined,
    object: string,
    signal: Signal,
    time: number,
    deltaSeconds: number,
    weight: number,
  ): CoEdge {
    return {
      older: this.accountNames[older],
      newer: this.accountNames[newer],
      object,
      signal,
      time,
      deltaSeconds,
      weight,
      olderId,
      newerId,
    };
  }

  private markPaired(window: ObjectWindow, index: number, account: number): void {
    if (window.paired[index]) return;
    window.paired[index] = true;
    this.coordinatedCount[account]++;
  }

  private moveWatermark(time: number): void {
    this.watermarkTime = time;
    // Objects that stop receiving shares are only evicted by a sweep; one per longest window
    // keeps the amortised cost per share constant.
    if (time < this.nextSweep) return;
    this.nextSweep = time + Math.max(1, this.longestWindow);
    for (const [signal, objects] of this.windows) {
      const horizon = time - this.lateness - this.settings[signal].windowSeconds;
      for (const [object, window] of objects) {
        if (window.newest < horizon) {
          this.counts.buffered -= window.size;
          objects.delete(object);
        }
      }
    }
  }
}
