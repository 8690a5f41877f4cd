import { describe, expect, it } from 'vitest';
import { DASHBOARDS_DIR, staleDashboards } from './dashboard-files';

describe('committed Grafana dashboards', () => {
  it('are exactly what the code generates (regenerate with `npx riptide dashboards`)', async () => {
    expect(await staleDashboards(DASHBOARDS_DIR)).toEqual([]);
  });
});
