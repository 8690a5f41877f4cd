import { getJson } from '../api/api-client';
import type { ObjectAmplification, Page } from '../api/types';
import { href, navigate } from '../router';
import { cells, h, replaceChildren } from '../ui/dom';
import { formatCount, formatPercent, formatScore, formatTime, shorten } from '../ui/format';
import { pagedTable } from '../ui/paged-table';
import type { View } from './view';

const KINDS = ['post', 'url', 'domain', 'hashtag', 'text', 'media'];

/** What the clusters pushed, across clusters: objects ranked by shares from coordinated accounts. */
export function objectListView(params: URLSearchParams): View {
  return (root) => {
    const query = {
      kind: params.get('kind') ?? undefined,
      min_shares: params.get('min_shares') ?? undefined,
    };
    const pager = pagedTable<ObjectAmplification>({
      testId: 'object-table',
      headers: [
        'Object',
        'Kind',
        'Shares',
        'By cluster members',
        'Share coordinated',
        'Clusters',
        'Burstiness',
        'First',
        'Last',
      ],
      empty: 'No shared object matches.',
      fetchPage: (cursor) =>
        getJson<Page<ObjectAmplification>>('/v1/objects', { ...query, cursor, limit: 50 }),
      row: (object) => {
        const row = h('tr', { 'data-testid': 'object-row', 'data-object-id': object.object_id });
        row.append(
          ...cells(
            h('span', { class: 'object', title: object.object_id }, shorten(object.object_id, 60)),
            h('span', { class: 'tag' }, object.kind),
            formatCount(object.shares),
            formatCount(object.coordinated_shares),
            h(
              'span',
              { class: 'fraction' },
              h('span', {
                class: 'fraction-bar',
                style: `width:${Math.round(object.coordinated_fraction * 100)}%`,
              }),
              formatPercent(object.coordinated_fraction),
            ),
            formatCount(object.clusters),
            formatScore(object.burstiness),
            formatTime(object.first_shared_at),
            formatTime(object.last_shared_at),
          ),
        );
        return row;
      },
    });
    const form = h(
      'form',
      { class: 'filters' },
      h(
        'label',
        { class: 'field' },
        h('span', {}, 'Kind'),
        h(
          'select',
          { name: 'kind' },
          h('option', { value: '' }, 'any'),
          ...KINDS.map((kind) => h('option', { value: kind, selected: kind === query.kind }, kind)),
        ),
      ),
      h(
        'label',
        { class: 'field' },
        h('span', {}, 'Min. shares'),
        h('input', { name: 'min_shares', type: 'number', min: 1, step: 1, value: query.min_shares }),
      ),
      h('button', { type: 'submit', class: 'button' }, 'Apply'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const values: Record<string, string> = {};
      for (const [name, value] of new FormData(form))
        if (typeof value === 'string' && value) values[name] = value;
      navigate(href(['objects'], values));
    });
    replaceChildren(
      root,
      h(
        'section',
        { class: 'panel', 'data-testid': 'object-list' },
        h('h2', {}, 'Amplified objects'),
        h(
          'p',
          { class: 'muted' },
          'Links, posts, hashtags and texts ranked by shares from accounts in coordinated clusters. ',
          'Burstiness: −1 regular, 0 random, towards 1 in bursts.',
        ),
        form,
        pager.element,
      ),
    );
    return pager.stop;
  };
}
