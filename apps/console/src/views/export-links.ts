import { downloadFile } from '../api/api-client';
import { h } from '../ui/dom';
import { errorBox } from '../ui/error-box';

const EXPORTS = [
  { label: 'GraphML', hint: 'Gephi, yEd, igraph', query: { format: 'graphml' }, extension: 'graphml' },
  { label: 'GEXF', hint: 'Gephi', query: { format: 'gexf' }, extension: 'gexf' },
  { label: 'CSV edges', hint: 'R, pandas', query: { format: 'csv', part: 'edges' }, extension: 'edges.csv' },
  { label: 'CSV nodes', hint: 'R, pandas', query: { format: 'csv', part: 'nodes' }, extension: 'nodes.csv' },
  { label: 'JSON', hint: 'graphology', query: { format: 'json' }, extension: 'json' },
] as const;

/** Downloads of the cluster graph; fetched with the key (a plain link would be refused with 401). */
export function exportLinks(clusterId: string): HTMLElement {
  const status = h('div', { class: 'export-status' });
  const buttons = EXPORTS.map((item) =>
    h(
      'button',
      {
        type: 'button',
        class: 'link-button',
        title: item.hint,
        'data-testid': `export-${item.extension.replace('.', '-')}`,
        onclick: () => {
          status.replaceChildren();
          downloadFile(
            `/v1/clusters/${encodeURIComponent(clusterId)}/graph`,
            item.query,
            `cluster-${clusterId}.${item.extension}`,
          ).catch((error: unknown) => status.replaceChildren(errorBox(error)));
        },
      },
      item.label,
    ),
  );
  return h(
    'div',
    { class: 'exports', 'data-testid': 'exports' },
    h('span', { class: 'muted' }, 'Export graph:'),
    ...buttons,
    status,
  );
}
