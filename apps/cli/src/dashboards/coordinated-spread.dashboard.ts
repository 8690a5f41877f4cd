import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { riptideDashboard, statPanel, THIRD, timeSeriesPanel } from './panels';

/**
 * Analysts' overview of the coordination service: how many clusters the latest snapshot holds, the
 * account graph behind them, co-share edges by signal, and how long detection takes. Per-cluster
 * figures (members, evidence) have unbounded ids, so they live in the API and console, not here.
 */
export function coordinatedSpreadDashboard(): dashboard.DashboardBuilder {
  return riptideDashboard(
    'riptide-coordinated-spread',
    'Riptide / Coordinated spread',
    'Coordinated clusters over time, the decaying account graph, co-share edges by signal and detection latency',
  )
    .withPanel(
      statPanel({
        title: 'Active clusters',
        description: 'Clusters in the latest snapshot of the cluster role.',
        unit: 'short',
        series: [{ expr: 'sum(riptide_coordination_active_clusters)', legend: 'clusters' }],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Accounts in the graph',
        description: 'Accounts with at least one recurring co-share edge inside the decay horizon.',
        unit: 'short',
        series: [{ expr: 'sum(riptide_coordination_graph_nodes)', legend: 'accounts' }],
      }),
    )
    .withPanel(
      statPanel({
        title: 'Edges per second',
        description: 'Co-share edges the detect role emits, over every signal.',
        unit: 'ops',
        series: [
          { expr: 'sum(rate(riptide_coordination_edges_total[$__rate_interval]))', legend: 'edges/s' },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Clusters over time',
        description: 'Active clusters per snapshot.',
        unit: 'short',
        series: [{ expr: 'sum(riptide_coordination_active_clusters)', legend: 'active clusters' }],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Account graph',
        description: 'Accounts and account pairs in the decaying account graph the clusters come from.',
        unit: 'short',
        series: [
          { expr: 'sum(riptide_coordination_graph_nodes)', legend: 'accounts' },
          { expr: 'sum(riptide_coordination_graph_edges)', legend: 'account pairs' },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Co-share edges by signal',
        description: 'Edges per second per signal: co-retweet, URL, domain, hashtag, near-duplicate text.',
        unit: 'ops',
        series: [
          {
            expr: 'sum by (signal) (rate(riptide_coordination_edges_total[$__rate_interval]))',
            legend: '{{signal}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Detection latency',
        description:
          'From the event time of the share that completed an edge to the edge being emitted (quantiles of the histogram).',
        unit: 's',
        series: [0.5, 0.95, 0.99].map((quantile) => ({
          expr: `histogram_quantile(${quantile}, sum by (le) (rate(riptide_coordination_detection_latency_seconds_bucket[$__rate_interval])))`,
          legend: `p${quantile * 100}`,
        })),
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Snapshots by trigger',
        description: 'Cluster snapshots per second: after a batch, or on a quiet stream.',
        unit: 'ops',
        width: THIRD,
        series: [
          {
            expr: 'sum by (trigger) (rate(riptide_coordination_snapshots_total[$__rate_interval]))',
            legend: '{{trigger}}',
          },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Window memory',
        description:
          'What the windows hold: objects with a share in their window, shares held, co-shares remembered for dedup.',
        unit: 'short',
        width: THIRD,
        series: [
          { expr: 'sum(riptide_coordination_active_objects)', legend: 'active objects' },
          { expr: 'sum(riptide_coordination_buffered_shares)', legend: 'buffered shares' },
          { expr: 'sum(riptide_coordination_remembered_coshares)', legend: 'remembered co-shares' },
        ],
      }),
    )
    .withPanel(
      timeSeriesPanel({
        title: 'Shares and edges set aside',
        description:
          'Shares dropped as late or pushed out of a viral object’s window, and redelivered shares and edges ignored.',
        unit: 'ops',
        width: THIRD,
        series: [
          {
            expr: 'sum(rate(riptide_coordination_late_shares_total[$__rate_interval]))',
            legend: 'late shares',
          },
          {
            expr: 'sum(rate(riptide_coordination_overflow_shares_total[$__rate_interval]))',
            legend: 'overflow shares',
          },
          {
            expr: 'sum(rate(riptide_coordination_duplicate_shares_total[$__rate_interval]))',
            legend: 'duplicate shares',
          },
          {
            expr: 'sum(rate(riptide_coordination_duplicate_edges_total[$__rate_interval]))',
            legend: 'duplicate edges',
          },
        ],
      }),
    );
}
