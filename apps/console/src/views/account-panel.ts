import { getJson } from '../api/api-client';
import type { AccountDetail } from '../api/types';
import { href } from '../router';
import { cells, h, replaceChildren, table } from '../ui/dom';
import { errorBox } from '../ui/error-box';
import { formatCount, formatScore, formatTime, shorten } from '../ui/format';

/** One account as the api sees it: every cluster it sits in, and the objects of its evidence. */
export function accountPanel(accountId: string): HTMLElement {
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const panel = h(
    'section',
    { class: 'panel', 'data-testid': 'account-panel', 'data-account-id': accountId },
    h('h3', {}, 'Account ', h('code', {}, accountId)),
    body,
  );
  getJson<AccountDetail>(`/v1/accounts/${encodeURIComponent(accountId)}`)
    .then((account) => {
      const clusters = account.clusters.map((cluster) => {
        const row = h('tr', {});
        row.append(
          ...cells(
            h('a', { href: href(['clusters', cluster.cluster_id]) }, cluster.cluster_id),
            cluster.status,
            formatCount(cluster.size),
            formatScore(cluster.coordination_score),
            formatScore(cluster.strength),
          ),
        );
        return row;
      });
      replaceChildren(
        body,
        h(
          'dl',
          { class: 'facts' },
          h('dt', {}, 'Coordination score'),
          h('dd', {}, formatScore(account.coordination_score)),
          h('dt', {}, 'Evidence edges'),
          h('dd', {}, formatCount(account.edge_count)),
          h('dt', {}, 'Seen'),
          h('dd', {}, `${formatTime(account.first_seen_at)} – ${formatTime(account.last_seen_at)}`),
        ),
        table('account-clusters', ['Cluster', 'Status', 'Size', 'Score', 'Strength'], clusters),
        account.objects.length
          ? h(
              'p',
              { class: 'muted' },
              'Objects: ',
              account.objects
                .slice(0, 5)
                .map((object) => `${shorten(object.object_id, 40)} (${object.edges})`)
                .join(', '),
            )
          : null,
      );
    })
    .catch((error: unknown) => replaceChildren(body, errorBox(error)));
  return panel;
}
