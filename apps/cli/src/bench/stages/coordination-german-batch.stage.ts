import type { BenchStage } from '../bench-stage';

export const coordinationGermanBatchStage: BenchStage = {
  name: 'coordination_german_batch',
  description:
    'CooRTweet rules on german_elections.csv, object url_id, 60 s window, parse included; per_s = rows with a URL per second',
  needsBroker: false,
  async run() {
    const { timeBatch } = await import('./coordination-batch-timing');
    return timeBatch('coordination/coortweet/german_elections.csv', {
      format: 'german',
      objectColumn: 'url_id',
      timeWindow: 60,
      minParticipation: 2,
      edgeWeight: 0.5,
      subgraph: 0,
      minEdgeWeight: 1,
      selfLoops: false,
    });
  },
};
