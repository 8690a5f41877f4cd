import { getJson } from '../api/api-client';
import type { Topic } from '../api/types';
import { href } from '../router';
import { cells, h, replaceChildren, table } from '../ui/dom';
import { errorBox } from '../ui/error-box';
import { formatCount, formatTime } from '../ui/format';
import type { View } from './view';

export const topicListView: View = (root) => {
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  replaceChildren(
    root,
    h(
      'section',
      { class: 'panel', 'data-testid': 'topic-list' },
      h('h2', {}, 'Topics'),
      h(
        'p',
        { class: 'muted' },
        'Stance and sentiment per topic and group, with the shifts detected in them.',
      ),
      body,
    ),
  );
  let stopped = false;
  getJson<{ data: Topic[] }>('/v1/topics')
    .then(({ data }) => {
      if (stopped) return;
      const rows = data.map((topic) => {
        const row = h('tr', { 'data-testid': 'topic-row', 'data-topic-id': topic.topic_id });
        row.append(
          ...cells(
            h('a', { href: href(['topics', topic.topic_id]) }, topic.name || topic.topic_id),
            topic.stance_target,
            [...topic.hashtags.map((tag) => `#${tag}`), ...topic.keywords].slice(0, 6).join(', ') || '–',
            formatCount(topic.estimates),
            formatCount(topic.shifts),
            formatTime(topic.last_bucket_end),
          ),
        );
        return row;
      });
      replaceChildren(
        body,
        rows.length === 0
          ? h('p', { class: 'muted' }, 'No topics configured.')
          : table(
              'topic-table',
              ['Topic', 'Stance target', 'Matched by', 'Estimates', 'Shifts', 'Latest bucket'],
              rows,
            ),
      );
    })
    .catch((error: unknown) => {
      if (!stopped) replaceChildren(body, errorBox(error));
    });
  return () => {
    stopped = true;
  };
};
