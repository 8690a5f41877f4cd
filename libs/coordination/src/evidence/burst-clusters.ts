import { UndirectedGraph } from 'graphology';
import { findCommunities } from '../graph/communities';
import type { Share, Signal, SignalShare } from '../share';
import { logPoissonTail } from './poisson-tail';
import { findShareBursts, type BurstOptions, type ShareBurst } from './share-bursts';

export interface BurstClusterOptions extends BurstOptions {
  /** Two accounts are linked when they took part in at least this many of the same bursts. Default 2. */
  readonly minSharedBursts?: number;
  /** A member stays when its burst participation in the cluster has p <= this under independent timing. Default 0.01. */
  readonly memberAlpha?: number;
  /** Clusters smaller than this are dropped. Default 3. */
  readonly minClusterSize?: number;
  /** Louvain seed (reproducible clusters). Default 42. */
  readonly seed?: number;
}

/** A coordinated group found from repeated surprising bursts, with the evidence per member. */
export interface BurstCluster {
  readonly members: readonly string[];
  /** The bursts at least two members took part in. */
  readonly bursts: readonly ShareBurst[];
  /** Per member, ln P(taking part in this many of the cluster's bursts by chance). */
  readonly memberLogPValues: Readonly<Record<string, number>>;
}

/**
 * From bursts to groups. Accounts that appear together in several surprising bursts (of different
 * objects or times) are linked; Louvain splits the link graph into candidate groups. Then each
 * member is tested on its own: a bystander, an organic account whose share of a pushed object
 * happened to fall inside a push, does so with probability mass(burst span) of that object's time
 * profile, for each cluster burst whose object it shared at all. The count of cluster bursts it is
 * in is compared with that Poisson mean; members not beyond `memberAlpha` leave, and the test is
 * repeated on the remaining group until nobody leaves.
 */
export function findBurstClusters(
  shares: readonly (Share | SignalShare)[],
  options: BurstClusterOptions = {},
): BurstCluster[] {
  const minShared = options.minSharedBursts ?? 2;
  const memberAlpha = options.memberAlpha ?? 0.01;
  const minSize = options.minClusterSize ?? 3;
  if (!Number.isInteger(minShared) || minShared < 1)
    throw new RangeError(`minSharedBursts must be an integer >= 1, got ${minShared}`);
  if (!(memberAlpha > 0 && memberAlpha <= 1))
    throw new RangeError(`memberAlpha must be within (0, 1], got ${memberAlpha}`);

  const bursts = findShareBursts(shares, options);
  const links = new UndirectedGraph<Record<string, never>, { count: number }>();
  for (const burst of bursts) {
    const { accounts } = burst;
    for (let i = 0; i < accounts.length; i++) {
      for (let j = i + 1; j < accounts.length; j++) {
        links.mergeNode(accounts[i]);
        links.mergeNode(accounts[j]);
        links.mergeEdge(accounts[i], accounts[j]);
        links.updateEdgeAttribute(accounts[i], accounts[j], 'count', (count) => (count ?? 0) + 1);
      }
    }
  }
  links.filterEdges((_, attributes) => attributes.count < minShared).forEach((edge) => links.dropEdge(edge));
  links.filterNodes((node) => links.degree(node) === 0).forEach((node) => links.dropNode(node));

  const objectsOf = objectsByAccount(shares);
  const logAlpha = Math.log(memberAlpha);
  const clusters: BurstCluster[] = [];
  for (const candidate of findCommunities(links, { minSize, seed: options.seed, weightAttribute: 'count' })) {
    let members = new Set(candidate);
    for (;;) {
      const groupBursts = bursts.filter((burst) => countInside(burst.accounts, members) >= 2);
      const logPValues = Object.fromEntries(
        [...members].map((member) => [member, participationLogPValue(member, groupBursts, objectsOf)]),
      );
      const kept = new Set([...members].filter((member) => logPValues[member] <= logAlpha));
      if (kept.size === members.size) {
        if (members.size >= minSize)
          clusters.push({ members: [...members].sort(), bursts: groupBursts, memberLogPValues: logPValues });
        break;
      }
      members = kept;
    }
  }
  return clusters;
}

/** ln P(N >= bursts the account is in), N Poisson with mean Σ mass(span) over the bursts whose object it shared. */
function participationLogPValue(
  account: string,
  bursts: readonly ShareBurst[],
  objectsOf: Map<string, Set<string>>,
): number {
  const shared = objectsOf.get(account) ?? new Set<string>();
  let inside = 0;
  let expected = 0;
  for (const burst of bursts) {
    if (!shared.has(objectKey(burst.signal, burst.object))) continue;
    expected += burst.chanceOfJoining;
    if (burst.accounts.includes(account)) inside++;
  }
  return logPoissonTail(inside, expected);
}

function countInside(accounts: readonly string[], members: ReadonlySet<string>): number {
  let count = 0;
  for (const account of accounts) if (members.has(account)) count++;
  return count;
}

function objectsByAccount(shares: readonly (Share | SignalShare)[]): Map<string, Set<string>> {
  const objects = new Map<string, Set<string>>();
  for (const share of shares) {
    const key = objectKey('signal' in share ? share.signal : 'co-post', share.object);
    const set = objects.get(share.account);
    if (set === undefined) objects.set(share.account, new Set([key]));
    else set.add(key);
  }
  return objects;
}

function objectKey(signal: Signal, object: string): string {
  return `${signal}\u0000${object}`;
}
