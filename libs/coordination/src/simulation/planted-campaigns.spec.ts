import { describe, expect, it } from 'vitest';
import { DEFAULT_FLAGGING_SETTINGS, flagCoordinatedAccounts, precisionRecall } from './flag-accounts';
import { simulateCampaigns } from './planted-campaigns';

describe('quality on planted campaigns', () => {
  it('is deterministic for a seed', () => {
    expect(simulateCampaigns({ seed: 3, objects: 50, campaigns: 1 }).shares).toEqual(
      simulateCampaigns({ seed: 3, objects: 50, campaigns: 1 }).shares,
    );
  });

  it('default campaigns (20 s spread, 90% participation): precision and recall >= 0.9', () => {
    const stream = simulateCampaigns();
    const clusters = flagCoordinatedAccounts(stream.shares);
    const score = precisionRecall(clusters.flat(), stream.coordinated);
    console.log(
      'planted campaigns, default:',
      JSON.stringify({ shares: stream.shares.length, clusters: clusters.length, ...score }),
    );
    expect(score.precision).toBeGreaterThanOrEqual(0.9);
    expect(score.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('harder campaigns (slower: 120 s spread, sparser: 40% participation, 8 pushes) are reported, not asserted', () => {
    const stream = simulateCampaigns({
      campaignSpreadSeconds: 120,
      participation: 0.4,
      pushesPerCampaign: 8,
    });
    const clusters = flagCoordinatedAccounts(stream.shares, {
      ...DEFAULT_FLAGGING_SETTINGS,
      windowSeconds: 60,
    });
    const score = precisionRecall(clusters.flat(), stream.coordinated);
    console.log(
      'planted campaigns, harder:',
      JSON.stringify({ shares: stream.shares.length, clusters: clusters.length, ...score }),
    );
    expect(clusters.every((members) => members.length >= DEFAULT_FLAGGING_SETTINGS.minClusterSize)).toBe(
      true,
    );
  });
});
