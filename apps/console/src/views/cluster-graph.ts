import Sigma from 'sigma';
import { getJsonWithHeader } from '../api/api-client';
import type { SerializedClusterGraph } from '../api/types';
import { clusterGraphModel, NODE_BUDGET } from '../graph/cluster-graph-model';
import { h, replaceChildren } from '../ui/dom';
import { errorBox } from '../ui/error-box';
import { formatCount } from '../ui/format';

/** The server trims too (its own k-core, reported in a header) so a huge cluster never crosses the wire whole. */
const SERVER_MAX_NODES = 5000;

/** What tests (and a curious analyst in devtools) can read about the drawn graph. */
export interface DrawnGraph {
  clusterId: string;
  nodes: string[];
  edges: number;
  trimmed: string | null;
  displayedLabels(): string[];
}

declare global {
  interface Window {
    __riptideGraph?: DrawnGraph;
  }
}

/**
 * Draws a cluster's account graph with sigma into `panel`. Returns a teardown that frees the WebGL
 * context: browsers allow only a few at once, and every visit to a cluster would otherwise keep one.
 */
export function clusterGraph(
  panel: HTMLElement,
  clusterId: string,
  onAccount: (accountId: string) => void,
): () => void {
  let renderer: Sigma | null = null;
  let stopped = false;
  const stage = h('div', { class: 'graph-stage', 'data-testid': 'cluster-graph' });
  const note = h('p', { class: 'graph-note', 'data-testid': 'graph-note' }, 'Loading the account graph…');
  replaceChildren(panel, stage, note);

  void (async () => {
    try {
      const { body, header } = await getJsonWithHeader<SerializedClusterGraph>(
        `/v1/clusters/${encodeURIComponent(clusterId)}/graph`,
        { format: 'json', max_nodes: SERVER_MAX_NODES },
        'X-Riptide-Trimmed',
      );
      if (stopped) return;
      const total = body.nodes.length;
      const { graph, trimming, edgeTrimming } = clusterGraphModel(body);
      renderer = new Sigma(graph, stage, {
        settings: {
          // Sizes in screen pixels (sigma 4 defaults to graph units, which blows nodes up on small graphs).
          itemSizesReference: 'screen',
          autoRescaleContent: 'nodes',
          labelRenderedSizeThreshold: graph.order <= 60 ? 0 : 8,
          labelDensity: 0.5,
          hideEdgesOnMove: graph.size > 5000,
          stagePadding: 24,
        },
      });
      const drawn = renderer;
      drawn.on('clickNode', ({ node }) => onAccount(node));
      drawn.on('enterNode', () => stage.classList.add('pointing'));
      drawn.on('leaveNode', () => stage.classList.remove('pointing'));
      stage.dataset.nodes = String(graph.order);
      stage.dataset.edges = String(graph.size);
      window.__riptideGraph = {
        clusterId,
        nodes: graph.nodes(),
        edges: graph.size,
        trimmed: trimming ? `k=${trimming.k}; nodes=${trimming.kept}/${trimming.total}` : header,
        displayedLabels: () => [...drawn.getNodeDisplayedLabels()],
      };
      const parts = [
        `${formatCount(graph.order)} accounts, ${formatCount(graph.size)} links; node size by strength, edge width by evidence count.`,
      ];
      if (header) parts.push(`The server kept its ${header.replace(/;/g, ',')} (k-core).`);
      if (trimming)
        parts.push(
          `Trimmed to the ${trimming.k}-core: ${formatCount(trimming.kept)} of ${formatCount(total)} accounts drawn (budget ${NODE_BUDGET}).`,
        );
      if (edgeTrimming)
        parts.push(
          `Only the ${formatCount(edgeTrimming.kept)} heaviest of ${formatCount(edgeTrimming.total)} links are drawn.`,
        );
      const trimmed = Boolean(header || trimming || edgeTrimming);
      note.textContent = parts.join(' ');
      note.classList.toggle('graph-note-trimmed', trimmed);
      if (trimmed) note.dataset.trimmed = 'true';
    } catch (error) {
      if (!stopped) replaceChildren(panel, errorBox(error));
    }
  })();

  return () => {
    stopped = true;
    renderer?.kill();
    renderer = null;
    if (window.__riptideGraph?.clusterId === clusterId) delete window.__riptideGraph;
  };
}
