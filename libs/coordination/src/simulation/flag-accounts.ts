import { findBurstClusters, type BurstClusterOptions } from '../evidence/burst-clusters';
import { DecayingAccountGraph } from '../graph/account-graph';
import { findCommunities } from '../graph/communities';
import { recurrentSubgraph } from '../graph/threshold';
import type { Share } from '../share';
import { StreamingCoShareDetector } from '../streaming/streaming-detector';

/** The detection settings a deployment starts from; the quality spec measures exactly these. */
export interface FlaggingSettings {
  readonly windowSeconds: number;
  readonly halfLifeSeconds: number;
  /** Absolute floor on an account pair's decayed weight (co-shares). */
  readonly minWeight: number;
  readonly quantile: number;
  readonly minClusterSize: number;
  /**
   * `recurrent` (default): CooRTweet-style recurring co-shares, as above. `evidence`: statistical
   * burst evidence (`findBurstClusters`), for slow and sparse campaigns; it reads `evidence` and
   * `minClusterSize` and ignores the window, half-life, weight and quantile settings.
   */
  readonly method?: 'recurrent' | 'evidence';
  readonly evidence?: BurstClusterOptions;
}

export const DEFAULT_FLAGGING_SETTINGS: FlaggingSettings = {
  windowSeconds: 60,
  halfLifeSeconds: 7 * 24 * 3600,
  minWeight: 3,
  quantile: 0.5,
  minClusterSize: 3,
};

/** The whole pipeline in process: stream -> co-share edges -> decayed graph -> recurrent subgraph -> Louvain. */
export function flagCoordinatedAccounts(
  shares: readonly Share[],
  settings: FlaggingSettings = DEFAULT_FLAGGING_SETTINGS,
): string[][] {
  if ((settings.method ?? 'recurrent') === 'evidence') {
    return findBurstClusters(shares, { minClusterSize: settings.minClusterSize, ...settings.evidence }).map(
      (cluster) => [...cluster.members],
    );
  }
  const detector = new StreamingCoShareDetector({
    signals: { 'co-post': { windowSeconds: settings.windowSeconds } },
  });
  const accounts = new DecayingAccountGraph({ halfLifeSeconds: settings.halfLifeSeconds });
  let now = Number.NEGATIVE_INFINITY;
  for (const share of shares) {
    for (const edge of detector.push(share)) accounts.add(edge);
    now = Math.max(now, share.time);
  }
  const recurrent = recurrentSubgraph(accounts, {
    now,
    minWeight: settings.minWeight,
    quantile: settings.quantile,
  });
  return findCommunities(recurrent, { minSize: settings.minClusterSize });
}

/** Precision and recall of flagged accounts against the planted members. */
export function precisionRecall(
  flagged: Iterable<string>,
  truth: ReadonlySet<string>,
): { precision: number; recall: number; flagged: number } {
  const set = new Set(flagged);
  let hits = 0;
  for (const account of set) if (truth.has(account)) hits++;
  return {
    precision: set.size === 0 ? 0 : hits / set.size,
    recall: truth.size === 0 ? 0 : hits / truth.size,
    flagged: set.size,
  };
}
