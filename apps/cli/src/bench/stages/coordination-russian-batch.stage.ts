import type { BenchStage } from '../bench-stage';

export const coordinationRussianBatchStage: BenchStage = {
  name: 'coordination_russian_batch',
  description:
    'CooRTweet detect_groups + network on russian_coord_tweets.csv (60 s, min participation 2), parse included; per_s = rows/s',
  needsBroker: false,
  async run() {
    const { timeBatch } = await import('./coordination-batch-timing');
    return timeBatch('coordination/coortweet/russian_coord_tweets.csv', {
      format: 'coortweet',
      timeWindow: 60,
      minParticipation: 2,
      edgeWeight: 0.5,
      subgraph: 0,
      minEdgeWeight: 1,
      selfLoops: false,
    });
  },
};
