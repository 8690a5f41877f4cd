import { StreamingCoShareDetector } from '@riptide/coordination';
import { describe, expect, it } from 'vitest';
import { demoServices } from './demo-services';
import { demoTraffic } from './demo-traffic';

describe('demo services', () => {
  it('give coordination a lateness that drops none of the demo traffic, in whatever order it arrives', () => {
    const traffic = demoTraffic();
    const coordination = demoServices({
      latenessSeconds: traffic.spanSeconds,
      opinionLatenessSeconds: 0,
    }).find((service) => service.name === 'coordination');
    const lateness = Number(coordination?.env.COORDINATION_LATENESS_S);
    // The demo sends the whole stream at once: a partition of `shares` may see the newest post before the oldest.
    const detector = new StreamingCoShareDetector({ allowedLatenessSeconds: lateness });
    const shares = traffic.posts.map((post) => ({
      account: post.author_id,
      object: post.referenced_post_id ?? post.id,
      time: Date.parse(post.created_at) / 1000,
    }));
    for (const share of shares.reverse()) detector.push(share);
    expect(traffic.spanSeconds).toBeGreaterThan(3600);
    expect(detector.stats()).toMatchObject({ accepted: traffic.posts.length, lateDropped: 0 });
  });
});
