export interface IdentifiedCluster {
  readonly id: string;
  readonly members: readonly string[];
}

export interface StableIdOptions {
  /** A new cluster inherits an old id when their member sets overlap at least this much (Jaccard). Default 0.3. */
  readonly minJaccard?: number;
  /** Prefix of newly minted ids. Default `c`. */
  readonly prefix?: string;
}

/**
 * Gives clusters ids that survive from one snapshot to the next: each new cluster takes the id of
 * the previous cluster it overlaps most (Jaccard of members, best pairs first, one-to-one), or a
 * fresh id. So an analyst's bookmark follows a campaign that gains or loses a few accounts.
 */
export class StableClusterIds {
  private previous: IdentifiedCluster[] = [];
  private minted = 0;
  private readonly minJaccard: number;
  private readonly prefix: string;

  constructor(options: StableIdOptions = {}) {
    this.minJaccard = options.minJaccard ?? 0.3;
    this.prefix = options.prefix ?? 'c';
    if (!(this.minJaccard > 0 && this.minJaccard <= 1))
      throw new RangeError(`minJaccard must be within (0, 1], got ${this.minJaccard}`);
  }

  /**
   * Continues after a restart from the clusters published before it: the active ones become the
   * previous snapshot (so their ids carry over), and new ids are minted after every id already used
   * with this prefix, dissolved ones included, so a restarted builder never reissues a published id.
   */
  resume(active: readonly IdentifiedCluster[], usedIds: Iterable<string> = []): void {
    this.previous = active.map(({ id, members }) => ({ id, members: [...members] }));
    for (const id of [...active.map((cluster) => cluster.id), ...usedIds]) {
      if (!id.startsWith(this.prefix)) continue;
      const sequence = Number(id.slice(this.prefix.length));
      if (Number.isInteger(sequence) && sequence > this.minted) this.minted = sequence;
    }
  }

  assign(clusters: readonly (readonly string[])[]): IdentifiedCluster[] {
    const candidates: { next: number; prior: number; overlap: number }[] = [];
    const memberSets = clusters.map((members) => new Set(members));
    this.previous.forEach((prior, priorIndex) => {
      clusters.forEach((_, nextIndex) => {
        const overlap = jaccard(memberSets[nextIndex], prior.members);
        if (overlap >= this.minJaccard) candidates.push({ next: nextIndex, prior: priorIndex, overlap });
      });
    });
    candidates.sort((a, b) => b.overlap - a.overlap || a.next - b.next || a.prior - b.prior);
    const ids: (string | undefined)[] = clusters.map(() => undefined);
    const taken = new Set<number>();
    for (const { next, prior, overlap } of candidates) {
      if (ids[next] !== undefined || taken.has(prior) || overlap < this.minJaccard) continue;
      ids[next] = this.previous[prior].id;
      taken.add(prior);
    }
    const assigned = clusters.map((members, index) => ({
      id: ids[index] ?? `${this.prefix}${++this.minted}`,
      members: [...members],
    }));
    this.previous = assigned;
    return assigned;
  }
}

function jaccard(a: ReadonlySet<string>, b: readonly string[]): number {
  let shared = 0;
  for (const member of b) if (a.has(member)) shared++;
  const union = a.size + b.length - shared;
  return union === 0 ? 0 : shared / union;
}
