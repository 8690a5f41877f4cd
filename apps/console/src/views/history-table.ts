import type { HistoryRow } from '../api/types';
import { cells, h, table } from '../ui/dom';
import { formatCount, formatScore, formatTime } from '../ui/format';

/** How the cluster grew, shrank, merged and split: one row per generation, newest first. */
export function historyTable(history: HistoryRow[]): HTMLElement {
  const rows = [...history]
    .sort((a, b) => b.generation - a.generation)
    .map((entry) => {
      const origins = Object.entries(entry.origins)
        .sort((a, b) => b[1] - a[1])
        .map(([cluster, count]) => `${cluster} (${count})`)
        .join(', ');
      const row = h('tr', {});
      row.append(
        ...cells(
          String(entry.generation),
          formatTime(entry.updated_at),
          entry.status,
          formatCount(entry.size),
          `+${entry.joined} / −${entry.left}`,
          formatCount(entry.edge_count),
          formatScore(entry.coordination_score),
          origins || '–',
        ),
      );
      return row;
    });
  return h(
    'section',
    { class: 'panel', 'data-testid': 'history' },
    h('h3', {}, 'History'),
    h(
      'div',
      { class: 'scroll' },
      table(
        'history-table',
        ['Gen.', 'Updated', 'Status', 'Size', 'Joined / left', 'Edges', 'Score', 'Came from'],
        rows,
      ),
    ),
  );
}
