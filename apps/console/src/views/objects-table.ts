import type { ObjectEvidence } from '../api/types';
import { href } from '../router';
import { cells, h, table } from '../ui/dom';
import { formatCount, formatSeconds, formatTime, shorten } from '../ui/format';

/** What the members pushed: each object with the evidence linking members over it. */
export function objectsTable(clusterId: string, objects: ObjectEvidence[]): HTMLElement {
  const rows = objects.map((object) => {
    const row = h('tr', { 'data-object-id': object.object_id });
    row.append(
      ...cells(
        h(
          'a',
          {
            href: href(['clusters', clusterId, 'evidence'], { object: object.object_id }),
            title: object.object_id,
          },
          shorten(object.object_id),
        ),
        h('span', { class: 'tag' }, object.kind),
        formatCount(object.edges),
        formatCount(object.accounts),
        formatCount(object.posts),
        formatSeconds(object.delta_t_median_s),
        formatTime(object.first_at),
        formatTime(object.last_at),
      ),
    );
    return row;
  });
  return h(
    'section',
    { class: 'panel', 'data-testid': 'objects' },
    h('h3', {}, 'Objects pushed'),
    rows.length === 0
      ? h('p', { class: 'muted' }, 'No evidence between members is stored yet.')
      : h(
          'div',
          { class: 'scroll' },
          table(
            'objects-table',
            ['Object', 'Kind', 'Evidence', 'Accounts', 'Posts', 'Median Δt', 'First', 'Last'],
            rows,
          ),
        ),
  );
}
