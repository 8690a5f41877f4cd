import { simulateCampaigns, StreamingCoShareDetector, type Share } from '@riptide/coordination';
import type { BenchContext, BenchStageResult } from '../bench-stage';

/** Feeds a long simulated stream to the detector one share at a time; best of three warm runs. */
export function timeStreamingCore(context: BenchContext): BenchStageResult {
  // ~100k shares over 30 days with planted campaigns, replayed 8 times with shifted times.
  const { shares } = simulateCampaigns({ objects: 15_000, durationSeconds: 30 * 24 * 3600, campaigns: 40 });
  const rounds = 8;
  const span = shares[shares.length - 1].time - shares[0].time + 3600;
  const stream: Share[] = [];
  for (let round = 0; round < rounds; round++)
    for (const share of shares)
      stream.push({ account: share.account, object: share.object, time: share.time + round * span });
  context.progress(`coordination_streaming_core: ${stream.length} shares`);
  const timeOnce = () => {
    const detector = new StreamingCoShareDetector({ allowedLatenessSeconds: 30 });
    let edges = 0;
    const started = performance.now();
    for (const share of stream) edges += detector.push(share).length;
    return { seconds: (performance.now() - started) / 1000, edges, stats: detector.stats() };
  };
  timeOnce();
  const best = [timeOnce(), timeOnce(), timeOnce()].sort((a, b) => a.seconds - b.seconds)[0];
  return {
    per_s: Math.round(stream.length / best.seconds),
    shares: stream.length,
    seconds: Number(best.seconds.toFixed(4)),
    edges: best.edges,
    active_objects_at_end: best.stats.activeObjects,
    buffered_shares_at_end: best.stats.bufferedShares,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
