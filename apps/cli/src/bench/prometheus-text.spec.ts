import { describe, expect, it } from 'vitest';
import { familySum, sampleValue } from './prometheus-text';

const METRICS = [
  '# HELP riptide_edges_total edges',
  'riptide_edges_total{signal="url"} 3',
  'riptide_edges_total{signal="text"} 4.5',
  'riptide_edges_total_other 100',
  'riptide_rss_bytes 2048',
].join('\n');

describe('Prometheus text', () => {
  it('reads one series, and 0 for a series that is absent', () => {
    expect(sampleValue(METRICS, 'riptide_rss_bytes')).toBe(2048);
    expect(sampleValue(METRICS, 'riptide_edges_total{signal="text"}')).toBe(4.5);
    expect(sampleValue(METRICS, 'riptide_missing')).toBe(0);
  });

  it('sums a family over its labels, not a family that merely shares its prefix', () => {
    expect(familySum(METRICS, 'riptide_edges_total')).toBe(7.5);
    expect(familySum(METRICS, 'riptide_rss_bytes')).toBe(2048);
  });
});
