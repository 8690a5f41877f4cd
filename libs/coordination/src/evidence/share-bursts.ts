import type { Share, Signal, SignalShare } from '../share';
import { benjaminiHochberg } from './benjamini-hochberg';
import { logPoissonTail } from './poisson-tail';
import { ObjectTimeline, silvermanBoxHalfWidth } from './object-timeline';

export interface BurstOptions {
  /** Shares of one object at most this many seconds apart chain into one burst (single linkage). Default 60. */
  readonly linkGapSeconds?: number;
  /** Longest span a burst may cover, seconds: a longer chain is scanned for its most surprising window this long. Default 120. */
  readonly maxSpanSeconds?: number;
  /** Smallest smoothing half-width of an object's background profile, seconds. Default 600. */
  readonly minBandwidthSeconds?: number;
  /** Bursts need at least this many distinct accounts. Default 3. */
  readonly minAccounts?: number;
  /** False discovery rate over all candidate bursts (Benjamini-Hochberg). Default 0.3 (members face a second test, see `findBurstClusters`). */
  readonly falseDiscoveryRate?: number;
}

/** A surprising cluster of shares of one object: more distinct accounts in a short span than its background predicts. */
export interface ShareBurst {
  readonly signal: Signal;
  readonly object: string;
  readonly start: number;
  readonly end: number;
  /** Distinct accounts, sorted. */
  readonly accounts: readonly string[];
  /** Shares of the object expected in this span from its smoothed profile. */
  readonly expected: number;
  /** ln P(at least this many shares | expected) under a Poisson background. */
  readonly logPValue: number;
  /** Chance that one share of the object, timed independently, falls inside the burst's (padded) span. */
  readonly chanceOfJoining: number;
}

/**
 * Finds the bursts that coordination leaves on an object and that organic spread does not explain.
 * Each object's shares chain into candidate bursts (gaps <= linkGap). A candidate with s distinct
 * accounts over [start, end] is judged against the object's own smoothed time profile (see
 * `ObjectTimeline`): under it, shares fall in the span as a Poisson count with mean
 * n · mass([start - linkGap/2, end + linkGap/2]) (the reach of the chain); the burst's p-value is P(N >= s - 1), one share discounted because the
 * span was drawn around the burst (its first share fixes the start). Benjamini-Hochberg over all
 * candidates keeps the expected share of chance bursts among those returned at most the FDR.
 * A campaign pushing a viral object at its peak leaves no burst: that push is indistinguishable.
 */
export function findShareBursts(
  shares: readonly (Share | SignalShare)[],
  options: BurstOptions = {},
): ShareBurst[] {
  const linkGap = options.linkGapSeconds ?? 60;
  const minBandwidth = options.minBandwidthSeconds ?? 600;
  const minAccounts = options.minAccounts ?? 3;
  const maxSpan = options.maxSpanSeconds ?? 120;
  const fdr = options.falseDiscoveryRate ?? 0.3;
  if (!(linkGap >= 0)) throw new RangeError(`linkGapSeconds must be >= 0, got ${linkGap}`);
  if (!(minBandwidth > 0)) throw new RangeError(`minBandwidthSeconds must be > 0, got ${minBandwidth}`);
  if (!(maxSpan >= 0)) throw new RangeError(`maxSpanSeconds must be >= 0, got ${maxSpan}`);
  if (!Number.isInteger(minAccounts) || minAccounts < 2)
    throw new RangeError(`minAccounts must be an integer >= 2, got ${minAccounts}`);

  const byObject = new Map<string, { signal: Signal; object: string; accounts: string[]; times: number[] }>();
  for (const share of shares) {
    const signal: Signal = 'signal' in share ? share.signal : 'co-post';
    const key = `${signal}\u0000${share.object}`;
    let entry = byObject.get(key);
    if (entry === undefined)
      byObject.set(key, (entry = { signal, object: share.object, accounts: [], times: [] }));
    entry.accounts.push(share.account);
    entry.times.push(share.time);
  }

  const candidates: ShareBurst[] = [];
  for (const { signal, object, accounts, times } of byObject.values()) {
    if (times.length < minAccounts) continue;
    const order = times.map((_, index) => index).sort((x, y) => times[x] - times[y]);
    const timeline = new ObjectTimeline(times, Math.max(minBandwidth, silvermanBoxHalfWidth(times)));
    let first = 0;
    for (let k = 1; k <= order.length; k++) {
      if (k < order.length && times[order[k]] - times[order[k - 1]] <= linkGap) continue;
      const best = mostSurprisingWindow(order.slice(first, k), times, accounts, timeline, {
        maxSpan,
        padding: linkGap,
        minAccounts,
      });
      if (best !== undefined) candidates.push({ signal, object, ...best });
      first = k;
    }
  }
  const discovered = benjaminiHochberg(
    candidates.map((burst) => burst.logPValue),
    fdr,
  );
  return candidates.filter((_, index) => discovered[index]);
}

/**
 * Within one chain (indices in time order), the window of at most `maxSpan` seconds with the smallest
 * p-value: a long organic chain is then judged piece by piece, never as one huge "burst" that its
 * whole object explains. The expected count covers the window padded by half a link gap each side.
 */
function mostSurprisingWindow(
  chain: readonly number[],
  times: readonly number[],
  accounts: readonly string[],
  timeline: ObjectTimeline,
  { maxSpan, padding, minAccounts }: { maxSpan: number; padding: number; minAccounts: number },
): Omit<ShareBurst, 'signal' | 'object'> | undefined {
  let best: Omit<ShareBurst, 'signal' | 'object'> | undefined;
  let end = 0;
  for (let start = 0; start < chain.length; start++) {
    end = Math.max(end, start);
    while (end + 1 < chain.length && times[chain[end + 1]] - times[chain[start]] <= maxSpan) end++;
    const members = [...new Set(chain.slice(start, end + 1).map((index) => accounts[index]))];
    if (members.length < minAccounts) continue;
    const from = times[chain[start]];
    const to = times[chain[end]];
    const chanceOfJoining = timeline.massWithin((from + to) / 2, (to - from + padding) / 2);
    const expected = timeline.size * chanceOfJoining;
    const logPValue = logPoissonTail(members.length - 1, expected);
    if (best === undefined || logPValue < best.logPValue)
      best = { start: from, end: to, accounts: members.sort(), expected, logPValue, chanceOfJoining };
  }
  return best;
}
