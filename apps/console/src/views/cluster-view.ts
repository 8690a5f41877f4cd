import { getJson } from '../api/api-client';
import type { ClusterDetail } from '../api/types';
import { evidenceTimeline } from '../chart/evidence-timeline';
import { href } from '../router';
import { h, replaceChildren } from '../ui/dom';
import { errorBox } from '../ui/error-box';
import { formatCount, formatScore, formatSeconds, formatTime } from '../ui/format';
import { accountPanel } from './account-panel';
import { clusterGraph } from './cluster-graph';
import { exportLinks } from './export-links';
import { historyTable } from './history-table';
import { membersTable } from './members-table';
import { objectsTable } from './objects-table';
import type { View } from './view';

export function clusterView(clusterId: string): View {
  return (root) => {
    const graphPanel = h('div', { class: 'graph-panel' });
    const details = h('div', { class: 'cluster-details' }, h('p', { class: 'muted' }, 'Loading…'));
    replaceChildren(
      root,
      h(
        'p',
        { class: 'crumbs' },
        h('a', { href: href(['clusters']) }, 'Clusters'),
        ' / ',
        h('code', {}, clusterId),
      ),
      h(
        'div',
        { class: 'cluster-layout', 'data-testid': 'cluster-view', 'data-cluster-id': clusterId },
        h(
          'section',
          { class: 'panel graph-card' },
          h('h3', {}, 'Account graph'),
          graphPanel,
          exportLinks(clusterId),
        ),
        details,
      ),
    );
    const accountSlot = h('div', {});
    const showAccount = (accountId: string) => {
      replaceChildren(accountSlot, accountPanel(accountId));
      accountSlot.scrollIntoView({ block: 'nearest' });
    };
    const stopGraph = clusterGraph(graphPanel, clusterId, showAccount);

    let stopped = false;
    getJson<ClusterDetail>(`/v1/clusters/${encodeURIComponent(clusterId)}`)
      .then((cluster) => {
        if (stopped) return;
        replaceChildren(details, summaryPanel(cluster), accountSlot);
        root.append(
          evidenceTimeline(cluster.timeline),
          objectsTable(clusterId, cluster.objects),
          h(
            'div',
            { class: 'two-columns' },
            membersTable(cluster.members, cluster.members_total, showAccount),
            historyTable(cluster.history),
          ),
        );
      })
      .catch((error: unknown) => {
        if (!stopped) replaceChildren(details, errorBox(error));
      });

    return () => {
      stopped = true;
      stopGraph();
    };
  };
}

function summaryPanel(cluster: ClusterDetail): HTMLElement {
  const facts: [string, Node | string][] = [
    ['Status', h('span', { class: `status status-${cluster.status}` }, cluster.status)],
    ['Accounts', formatCount(cluster.size)],
    ['Links', formatCount(cluster.edge_count)],
    ['Density', formatScore(cluster.density)],
    ['Coordination score', formatScore(cluster.coordination_score)],
    ['Median Δt', `${formatSeconds(cluster.delta_t.median_s)} (IQR ${formatSeconds(cluster.delta_t.iqr_s)})`],
    ['Method', `${cluster.method}, generation ${cluster.generation}`],
    ['First seen', formatTime(cluster.first_seen_at)],
    ['Updated', formatTime(cluster.updated_at)],
    ['Topics', cluster.topic_ids.length ? cluster.topic_ids.join(', ') : '–'],
  ];
  const signals = Object.entries(cluster.signals).sort((a, b) => b[1] - a[1]);
  const scores = Object.entries(cluster.scores ?? {});
  return h(
    'section',
    { class: 'panel', 'data-testid': 'cluster-summary' },
    h('h3', {}, 'Cluster'),
    cluster.evidence_summary
      ? h('p', { class: 'lede', 'data-testid': 'evidence-summary' }, cluster.evidence_summary)
      : null,
    h('dl', { class: 'facts' }, ...facts.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
    signals.length
      ? h(
          'p',
          {},
          h('span', { class: 'muted' }, 'Signals: '),
          ...signals.map(([signal, count]) => h('span', { class: 'tag' }, `${signal} ${formatCount(count)}`)),
        )
      : null,
    scores.length
      ? h(
          'p',
          {},
          h('span', { class: 'muted' }, 'Scores: '),
          ...scores.map(([name, value]) => h('span', { class: 'tag' }, `${name} ${formatScore(value)}`)),
        )
      : null,
    h(
      'p',
      {},
      h(
        'a',
        { href: href(['clusters', cluster.cluster_id, 'evidence']), 'data-testid': 'evidence-link' },
        'Evidence pairs →',
      ),
    ),
  );
}
