import type { Share, Signal, SignalShare } from '../share';
import { fisherLogPValue } from './chi-square-tail';
import { ObjectTimeline, silvermanBoxHalfWidth } from './object-timeline';

export interface PairEvidenceOptions {
  /** Pairs become candidates when they co-shared some object at most this many seconds apart. Default 300. */
  readonly candidateWindowSeconds?: number;
  /** Smallest smoothing half-width of an object's time profile, seconds. Default 1800. */
  readonly minBandwidthSeconds?: number;
  /** Timestamp resolution: a gap of Δ counts as Δ + resolution / 2 (so Δ = 0 is not infinitely surprising). Default 1. */
  readonly timeResolutionSeconds?: number;
}

/** One account pair's evidence of coordination over everything both shared. */
export interface PairEvidence {
  readonly a: string;
  readonly b: string;
  /** Objects (per signal) both accounts shared: the independent tests combined. */
  readonly commonObjects: number;
  /** Co-shares within the candidate window. */
  readonly closeCoShares: number;
  /** ln of Fisher's combined p-value: how unlikely this much closeness is under independent timing. */
  readonly logPValue: number;
  /** Median |Δt| of the close co-shares, seconds. */
  readonly medianDeltaSeconds: number;
}

interface AccountShares {
  /** Per object key (signal + object): this account's share times on it. */
  readonly byObject: Map<string, number[]>;
}

/**
 * Pair-level statistical evidence. Each object both accounts shared is one test: u = the probability,
 * under the object's own smoothed time profile, that two independent sharers land at least as close
 * together as these two did (see `ObjectTimeline`); u is uniform when timing is independent, small
 * when the two acted together. Fisher's method combines a pair's tests, so one tight co-share among
 * fifty shared objects of two busy accounts counts for little, and three tight co-shares out of three
 * count for a lot. Candidates are the pairs with at least one co-share within the candidate window;
 * others could not reach a small p-value.
 */
export function pairEvidence(shares: readonly (Share | SignalShare)[], options: PairEvidenceOptions = {}): PairEvidence[] {
  const window = options.candidateWindowSeconds ?? 300;
  const minBandwidth = options.minBandwidthSeconds ?? 1800;
  const halfResolution = (options.timeResolutionSeconds ?? 1) / 2;
  if (!(window >= 0)) throw new RangeError(`candidateWindowSeconds must be >= 0, got ${window}`);
  if (!(minBandwidth > 0)) throw new RangeError(`minBandwidthSeconds must be > 0, got ${minBandwidth}`);
  if (!(halfResolution >= 0)) throw new RangeError(`timeResolutionSeconds must be >= 0, got ${halfResolution * 2}`);

  const byObject = new Map<string, { accounts: string[]; times: number[] }>();
  const byAccount = new Map<string, AccountShares>();
  for (const share of shares) {
    const key = objectKey(share);
    let object = byObject.get(key);
    if (object === undefined) byObject.set(key, (object = { accounts: [], times: [] }));
    object.accounts.push(share.account);
    object.times.push(share.time);
    let account = byAccount.get(share.account);
    if (account === undefined) byAccount.set(share.account, (account = { byObject: new Map() }));
    const times = account.byObject.get(key);
    if (times === undefined) account.byObject.set(key, [share.time]);
    else times.push(share.time);
  }

  const timelines = new Map<string, ObjectTimeline>();
  const candidates = new Map<string, { a: string; b: string; deltas: number[] }>();
  for (const [key, object] of byObject) {
    timelines.set(key, new ObjectTimeline(object.times, Math.max(minBandwidth, silvermanBoxHalfWidth(object.times))));
    const order = object.times.map((_, index) => index).sort((x, y) => object.times[x] - object.times[y]);
    for (let i = 0; i < order.length; i++) {
      const ti = object.times[order[i]];
      for (let j = i + 1; j < order.length && object.times[order[j]] - ti <= window; j++) {
        const a = object.accounts[order[i]];
        const b = object.accounts[order[j]];
        if (a === b) continue;
        const pairKey = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
        let candidate = candidates.get(pairKey);
        if (candidate === undefined) candidates.set(pairKey, (candidate = { a: a < b ? a : b, b: a < b ? b : a, deltas: [] }));
        candidate.deltas.push(object.times[order[j]] - ti);
      }
    }
  }

  const evidence: PairEvidence[] = [];
  for (const { a, b, deltas } of candidates.values()) {
    const sharesA = (byAccount.get(a) as AccountShares).byObject;
    const sharesB = (byAccount.get(b) as AccountShares).byObject;
    const [fewer, more] = sharesA.size <= sharesB.size ? [sharesA, sharesB] : [sharesB, sharesA];
    let surprise = 0;
    let common = 0;
    for (const [key, timesX] of fewer) {
      const timesY = more.get(key);
      if (timesY === undefined) continue;
      common++;
      const { at, gap } = closestPair(timesX, timesY);
      const u = (timelines.get(key) as ObjectTimeline).massWithin(at, gap + halfResolution);
      surprise -= Math.log(Math.max(u, Number.MIN_VALUE));
    }
    deltas.sort((x, y) => x - y);
    evidence.push({
      a,
      b,
      commonObjects: common,
      closeCoShares: deltas.length,
      logPValue: fisherLogPValue(surprise, common),
      medianDeltaSeconds: deltas[deltas.length >> 1],
    });
  }
  return evidence;
}

function objectKey(share: Share | SignalShare): string {
  const signal: Signal = 'signal' in share ? share.signal : 'co-post';
  return `${signal}\u0000${share.object}`;
}


/** The closest two times, one from each list: where and how far apart the pair shared this object. */
function closestPair(xs: readonly number[], ys: readonly number[]): { at: number; gap: number } {
  let best = { at: xs[0], gap: Math.abs(xs[0] - ys[0]) };
  for (const x of xs) for (const y of ys) if (Math.abs(x - y) < best.gap) best = { at: Math.min(x, y), gap: Math.abs(x - y) };
  return best;
}
