import type { Share } from '../share';
import { seededRandom } from './seeded-random';

/** Knobs of the simulated stream. Defaults give clear campaigns among busy organic sharing. */
export interface CampaignSimulationOptions {
  readonly seed?: number;
  readonly organicAccounts?: number;
  readonly objects?: number;
  /** Organic shares per object (on average); organic sharers pick objects by popularity. */
  readonly organicSharesPerObject?: number;
  /** Organic delays after an object appears: exponential with this mean, seconds. */
  readonly organicMeanDelaySeconds?: number;
  readonly campaigns?: number;
  readonly membersPerCampaign?: number;
  /** Objects each campaign pushes (each is also shared organically). */
  readonly pushesPerCampaign?: number;
  /** Members react to a push within uniform [0, this] seconds. */
  readonly campaignSpreadSeconds?: number;
  /** Probability that a member takes part in a given push. */
  readonly participation?: number;
  readonly durationSeconds?: number;
}

export interface SimulatedStream {
  /** Shares in event-time order. */
  readonly shares: Share[];
  /** Planted campaign members: the ground truth. */
  readonly coordinated: ReadonlySet<string>;
  readonly campaigns: readonly (readonly string[])[];
}

/**
 * A seeded share stream with planted coordination: organic accounts share popular objects with
 * heavy-tailed (Zipf) popularity and exponential delays, so that busy objects produce plenty of
 * chance co-shares; campaign members push a set of those same objects, each within a short spread
 * after a trigger. Pure: the same options give the same stream.
 */
export function simulateCampaigns(options: CampaignSimulationOptions = {}): SimulatedStream {
  const random = seededRandom(options.seed ?? 7);
  const organicAccounts = options.organicAccounts ?? 3000;
  const objectCount = options.objects ?? 2000;
  const perObject = options.organicSharesPerObject ?? 8;
  const meanDelay = options.organicMeanDelaySeconds ?? 900;
  const campaignCount = options.campaigns ?? 10;
  const membersPer = options.membersPerCampaign ?? 12;
  const pushes = options.pushesPerCampaign ?? 15;
  const spread = options.campaignSpreadSeconds ?? 20;
  const participation = options.participation ?? 0.9;
  const duration = options.durationSeconds ?? 3 * 24 * 3600;

  const shares: Share[] = [];
  const appearsAt = Array.from({ length: objectCount }, () => random() * duration);
  // Heavy tails on both sides: object k is picked with weight 1 / (k + 1), account k with
  // 1 / (k + 1)^0.6 (a few busy accounts, not one account doing a tenth of all sharing).
  const objectPick = zipfSampler(objectCount, 1, random);
  const accountPick = zipfSampler(organicAccounts, 0.6, random);
  // An organic account shares a given object once: chance co-shares repeat only across objects.
  const organicPairs = new Set<string>();
  for (let i = 0; i < objectCount * perObject; i++) {
    const object = objectPick();
    const account = `organic-${accountPick()}`;
    if (organicPairs.has(`${account} ${object}`)) continue;
    organicPairs.add(`${account} ${object}`);
    const delay = -meanDelay * Math.log(1 - random());
    shares.push({ account, object: `object-${object}`, time: Math.round(appearsAt[object] + delay) });
  }
  const campaigns: string[][] = [];
  const coordinated = new Set<string>();
  for (let c = 0; c < campaignCount; c++) {
    const members = Array.from({ length: membersPer }, (_, m) => `campaign-${c}-member-${m}`);
    campaigns.push(members);
    for (const member of members) coordinated.add(member);
    for (let p = 0; p < pushes; p++) {
      const object = objectPick();
      const trigger = appearsAt[object] + random() * 3600;
      for (const member of members) {
        if (random() >= participation) continue;
        shares.push({
          account: member,
          object: `object-${object}`,
          time: Math.round(trigger + random() * spread),
        });
      }
    }
    // Members also share organically now and then, as real accounts do.
    for (const member of members) {
      for (let k = 0; k < 5; k++) {
        const object = objectPick();
        shares.push({
          account: member,
          object: `object-${object}`,
          time: Math.round(appearsAt[object] - meanDelay * Math.log(1 - random())),
        });
      }
    }
  }
  shares.sort((a, b) => a.time - b.time);
  return { shares, coordinated, campaigns };
}

function zipfSampler(size: number, exponent: number, random: () => number): () => number {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let k = 0; k < size; k++) cumulative[k] = total += 1 / Math.pow(k + 1, exponent);
  return () => {
    const target = random() * total;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid] < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}
