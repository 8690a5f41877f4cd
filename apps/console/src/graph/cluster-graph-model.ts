import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import type { SerializedClusterGraph } from '../api/types';
import { keepHeaviestEdges, trimToCore, type EdgeTrimming, type Trimming } from './trim-to-core';

/** Above this many accounts the drawing is cut to a k-core: sigma copes, but nobody reads 5,000 labels. */
export const NODE_BUDGET = 600;
/** Links drawn at most: beyond this the lightest go (the layout still runs on them all). */
export const EDGE_BUDGET = 12_000;
/**
 * A fixed number of iterations from a fixed start: the same cluster is drawn the same way every time.
 * Fewer for big graphs, whose each iteration costs more and which settle enough to read sooner.
 */
export function layoutIterations(order: number): number {
  return order <= 200 ? 300 : 120;
}

const NODE_SIZE = { min: 4, max: 18 };
const EDGE_SIZE = { min: 0.6, max: 6 };

export interface ClusterGraphModel {
  graph: Graph;
  trimming: Trimming | null;
  edgeTrimming: EdgeTrimming | null;
}

/** The member graph as sigma draws it: positions, sizes by strength and weight, labels, colours. */
export function clusterGraphModel(
  serialized: SerializedClusterGraph,
  budget = NODE_BUDGET,
): ClusterGraphModel {
  const full = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  for (const node of serialized.nodes) full.mergeNode(node.key, { ...node.attributes });
  for (const edge of serialized.edges)
    if (edge.source !== edge.target) full.mergeEdge(edge.source, edge.target, { ...edge.attributes });

  const { graph, trimming } = trimToCore(full, budget);
  layOut(graph);
  const edgeTrimming = keepHeaviestEdges(graph, EDGE_BUDGET);
  styleNodes(graph);
  styleEdges(graph);
  return { graph, trimming, edgeTrimming };
}

function styleNodes(graph: Graph): void {
  let maxStrength = 0;
  graph.forEachNode((_, attributes) => {
    maxStrength = Math.max(maxStrength, positive(attributes.strength));
  });
  graph.forEachNode((node, attributes) => {
    // Square root: a node's area, not its radius, should grow with its strength.
    const relative = maxStrength > 0 ? Math.sqrt(positive(attributes.strength) / maxStrength) : 0.5;
    graph.mergeNodeAttributes(node, {
      label: node,
      size: NODE_SIZE.min + relative * (NODE_SIZE.max - NODE_SIZE.min),
      color: mix('#8fb3dc', '#173f73', relative),
    });
  });
}

function styleEdges(graph: Graph): void {
  let maxWeight = 0;
  graph.forEachEdge((_, attributes) => {
    maxWeight = Math.max(maxWeight, positive(attributes.weight));
  });
  graph.forEachEdge((edge, attributes) => {
    const relative = maxWeight > 0 ? positive(attributes.weight) / maxWeight : 0.5;
    graph.mergeEdgeAttributes(edge, {
      size: EDGE_SIZE.min + relative * (EDGE_SIZE.max - EDGE_SIZE.min),
      color: mix('#d5dbe3', '#7d8a99', relative),
    });
  });
}

/** ForceAtlas2, run synchronously from a circle in the API's node order (stable), weighted by evidence. */
function layOut(graph: Graph): void {
  const order = graph.order;
  graph.nodes().forEach((node, index) => {
    const angle = (2 * Math.PI * index) / Math.max(order, 1);
    graph.mergeNodeAttributes(node, { x: 100 * Math.cos(angle), y: 100 * Math.sin(angle) });
  });
  if (graph.size === 0) return;
  forceAtlas2.assign(graph, {
    iterations: layoutIterations(order),
    getEdgeWeight: 'weight',
    settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: order > 300, adjustSizes: false },
  });
}

/** A size attribute as a usable number: missing, negative or non-numeric counts as 0. */
function positive(value: unknown): number {
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? number : 0;
}

/** A colour between two `#rrggbb` colours. */
function mix(from: string, to: string, t: number): string {
  const channel = (hex: string, i: number) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  const parts = [0, 1, 2].map((i) => Math.round(channel(from, i) + (channel(to, i) - channel(from, i)) * t));
  return `#${parts.map((part) => part.toString(16).padStart(2, '0')).join('')}`;
}
