import { getJson } from '../api/api-client';
import type { EvidenceEdge, Page } from '../api/types';
import { href } from '../router';
import { cells, h, replaceChildren } from '../ui/dom';
import { formatSeconds, formatTime, shorten } from '../ui/format';
import { pagedTable } from '../ui/paged-table';
import type { View } from './view';

/** The evidence itself: pairs of member posts sharing one object, and how far apart they were. */
export function evidencePairsView(clusterId: string, object: string | null): View {
  return (root) => {
    const pager = pagedTable<EvidenceEdge>({
      testId: 'evidence-table',
      headers: ['First post at', 'Account A', 'Post A', 'Account B', 'Post B', 'Δt', 'Signal', 'Object'],
      empty: 'No evidence pairs stored for this cluster.',
      fetchPage: (cursor) =>
        getJson<Page<EvidenceEdge>>(`/v1/clusters/${encodeURIComponent(clusterId)}/evidence`, {
          object,
          cursor,
          limit: 100,
        }),
      row: (edge) => {
        const row = h('tr', { 'data-edge-id': edge.edge_id });
        row.append(
          ...cells(
            formatTime(edge.at_a, true),
            h('code', {}, edge.account_a),
            h('code', { title: edge.post_a }, shorten(edge.post_a, 24)),
            h('code', {}, edge.account_b),
            h(
              'code',
              { title: `${edge.post_b} at ${formatTime(edge.at_b, true)}` },
              shorten(edge.post_b, 24),
            ),
            formatSeconds(edge.delta_t_s),
            h('span', { class: 'tag' }, edge.signal),
            h('span', { title: edge.object_id }, shorten(edge.object_id, 40)),
          ),
        );
        return row;
      },
    });
    replaceChildren(
      root,
      h(
        'p',
        { class: 'crumbs' },
        h('a', { href: href(['clusters']) }, 'Clusters'),
        ' / ',
        h('a', { href: href(['clusters', clusterId]) }, clusterId),
        ' / evidence',
      ),
      h(
        'section',
        { class: 'panel', 'data-testid': 'evidence-pairs' },
        h('h2', {}, 'Evidence pairs'),
        object
          ? h(
              'p',
              {},
              'Only object ',
              h('code', {}, object),
              ' · ',
              h('a', { href: href(['clusters', clusterId, 'evidence']) }, 'all objects'),
            )
          : h('p', { class: 'muted' }, 'Every pair of member posts linked by a shared object, oldest first.'),
        pager.element,
      ),
    );
    return pager.stop;
  };
}
