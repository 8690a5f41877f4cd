import { getJson } from '../api/api-client';
import type { ClusterSummary, Page, Topic } from '../api/types';
import { href, navigate } from '../router';
import { cells, h, replaceChildren } from '../ui/dom';
import { formatCount, formatScore, formatSeconds, formatTime, shorten } from '../ui/format';
import { pagedTable } from '../ui/paged-table';
import type { View } from './view';

const SIGNALS = ['co-post', 'co-url', 'co-domain', 'co-hashtag', 'co-text', 'co-media'];
const SORTS: [string, string][] = [
  ['updated_at', 'Last updated'],
  ['score', 'Coordination score'],
  ['size', 'Size'],
  ['edge_count', 'Links'],
];
const FILTERS = ['status', 'min_size', 'min_score', 'signal', 'topic', 'sort', 'order'] as const;

export function clusterListView(params: URLSearchParams): View {
  return (root) => {
    const query = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? undefined]));
    const topicSelect = select('topic', [['', 'any topic']], query.topic);
    const form = filterForm(query, topicSelect);
    // Topics fill their selector when they arrive; the list does not wait for them.
    getJson<{ data: Topic[] }>('/v1/topics')
      .then(({ data }) => {
        for (const topic of data) topicSelect.append(option(topic.topic_id, topic.name, query.topic));
      })
      .catch(() => undefined);

    const pager = pagedTable<ClusterSummary>({
      testId: 'cluster-table',
      headers: [
        'Cluster',
        'Status',
        'Accounts',
        'Links',
        'Score',
        'Signal',
        'Median Δt',
        'Top objects',
        'Updated',
      ],
      empty: 'No cluster matches these filters.',
      fetchPage: (cursor) => getJson<Page<ClusterSummary>>('/v1/clusters', { ...query, cursor, limit: 50 }),
      row: clusterRow,
    });
    replaceChildren(
      root,
      h(
        'section',
        { class: 'panel', 'data-testid': 'cluster-list' },
        h('h2', {}, 'Coordinated clusters'),
        h(
          'p',
          { class: 'muted' },
          'Accounts that shared the same objects within seconds of each other, again and again.',
        ),
        form,
        pager.element,
      ),
    );
    return pager.stop;
  };
}

function clusterRow(cluster: ClusterSummary): HTMLTableRowElement {
  const target = href(['clusters', cluster.cluster_id]);
  const row = h('tr', {
    class: 'clickable',
    'data-testid': 'cluster-row',
    'data-cluster-id': cluster.cluster_id,
    onclick: (event: Event) => {
      if ((event.target as Element).closest('a')) return;
      navigate(target);
    },
  });
  row.append(
    ...cells(
      h('a', { href: target, 'data-testid': 'cluster-link' }, cluster.cluster_id),
      h('span', { class: `status status-${cluster.status}` }, cluster.status),
      formatCount(cluster.size),
      formatCount(cluster.edge_count),
      formatScore(cluster.coordination_score),
      cluster.dominant_signal ? h('span', { class: 'tag' }, cluster.dominant_signal) : '–',
      formatSeconds(cluster.delta_t.median_s),
      cluster.top_objects
        .slice(0, 3)
        .map((object) =>
          h(
            'div',
            { class: 'object', title: object.object_id },
            `${shorten(object.object_id, 36)} ×${object.count}`,
          ),
        ),
      formatTime(cluster.updated_at),
    ),
  );
  return row;
}

function filterForm(
  query: Record<string, string | undefined>,
  topicSelect: HTMLSelectElement,
): HTMLFormElement {
  const form = h(
    'form',
    { class: 'filters', 'data-testid': 'cluster-filters' },
    field(
      'Status',
      select(
        'status',
        [
          ['', 'any'],
          ['active', 'active'],
          ['dissolved', 'dissolved'],
        ],
        query.status,
      ),
    ),
    field(
      'Min. accounts',
      h('input', { name: 'min_size', type: 'number', min: 1, step: 1, value: query.min_size }),
    ),
    field(
      'Min. score',
      h('input', { name: 'min_score', type: 'number', min: 0, step: 0.05, value: query.min_score }),
    ),
    field(
      'Signal',
      select('signal', [['', 'any'], ...SIGNALS.map((s): [string, string] => [s, s])], query.signal),
    ),
    field('Topic', topicSelect),
    field('Sort by', select('sort', SORTS, query.sort)),
    field(
      'Order',
      select(
        'order',
        [
          ['desc', 'descending'],
          ['asc', 'ascending'],
        ],
        query.order,
      ),
    ),
    h('button', { type: 'submit', class: 'button' }, 'Apply'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values: Record<string, string> = {};
    for (const [name, value] of new FormData(form))
      if (typeof value === 'string' && value) values[name] = value;
    navigate(href(['clusters'], values));
  });
  return form;
}

function field(label: string, control: HTMLElement): HTMLLabelElement {
  return h('label', { class: 'field' }, h('span', {}, label), control);
}

function select(name: string, options: [string, string][], selected: string | undefined): HTMLSelectElement {
  return h('select', { name }, ...options.map(([value, label]) => option(value, label, selected)));
}

function option(value: string, label: string, selected: string | undefined): HTMLOptionElement {
  return h('option', { value, selected: value === (selected ?? '') }, label);
}
