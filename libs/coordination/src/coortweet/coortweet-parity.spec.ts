import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSV_SHARE_LAYOUTS, readSharesFromCsv } from '../csv/share-table-from-csv';
import { generateCoordinatedNetwork } from './coordinated-network';
import { detectGroups } from './detect-groups';

// The CooRTweet sample is read in place (never copied into the repository); the figures below are
// what CooRTweet's detect_groups + generate_coordinated_network return on it.
const dataDir = process.env.RIPTIDE_DATA_DIR ?? resolve('../shared/data');
const russianCsv = join(dataDir, 'coordination/coortweet/russian_coord_tweets.csv');

describe.skipIf(!existsSync(russianCsv) && !process.env.CI)(
  'CooRTweet parity on russian_coord_tweets',
  () => {
    const { table } = readSharesFromCsv(readFileSync(russianCsv), CSV_SHARE_LAYOUTS.coortweet);

    it('reads all 35,125 shares', () => {
      expect(table.length).toBe(35_125);
    });

    it('time_window 10, min_participation 2: 525 nodes, 442 edges', () => {
      const network = generateCoordinatedNetwork(
        detectGroups(table, { timeWindow: 10, minParticipation: 2 }),
      );
      expect(network.nodes.length).toBe(525);
      expect(network.edges.length).toBe(442);
    });

    it('time_window 60: 2,110 nodes, 3,721 edges, maximum weight 4', () => {
      const network = generateCoordinatedNetwork(
        detectGroups(table, { timeWindow: 60, minParticipation: 2 }),
      );
      expect(network.nodes.length).toBe(2_110);
      expect(network.edges.length).toBe(3_721);
      expect(Math.max(...network.edges.map((edge) => edge.full.weight))).toBe(4);
    });

    it('time_window 60, edge-weight quantile 0.5 subgraph: 94 nodes, 60 edges', () => {
      const detected = detectGroups(table, { timeWindow: 60, minParticipation: 2 });
      const network = generateCoordinatedNetwork(detected, { edgeWeight: 0.5, subgraph: 1 });
      expect(network.nodes.length).toBe(94);
      expect(network.edges.length).toBe(60);
      expect(network.edges.every((edge) => edge.full.weight > network.threshold)).toBe(true);
    });
  },
);
