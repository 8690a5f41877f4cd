import type { OpinionPoint, Shift } from '../api/types';
import { h } from '../ui/dom';
import { formatHour, formatPercent, formatTime } from '../ui/format';
import { linearScale, s, tickAnchor, timeTicks } from '../ui/svg';

export type SeriesKind = 'raw' | 'corrected' | 'weighted';
export const SERIES_KINDS: { kind: SeriesKind; label: string; dash: string | undefined }[] = [
  { kind: 'raw', label: 'raw', dash: '2 3' },
  { kind: 'corrected', label: 'corrected', dash: undefined },
  { kind: 'weighted', label: 'post-stratified', dash: '7 4' },
];

const LABEL_COLOURS: Record<string, string> = {
  favor: '#1f8a70',
  against: '#c8553d',
  none: '#8a94a6',
  positive: '#1f8a70',
  negative: '#c8553d',
  neutral: '#8a94a6',
};
const FALLBACK_COLOURS = ['#3d5a80', '#9c6644', '#6d597a'];

const WIDTH = 1100;
const HEIGHT = 380;
const MARGIN = { top: 36, right: 16, bottom: 28, left: 44 };

export function labelColour(label: string, index: number): string {
  return LABEL_COLOURS[label] ?? FALLBACK_COLOURS[index % FALLBACK_COLOURS.length];
}

/**
 * One group's opinion over time: a line per label share and series kind, each with its interval as a
 * band, and a marker where each detected shift's "after" window starts.
 */
export function opinionChart(points: OpinionPoint[], kinds: SeriesKind[], shifts: Shift[]): SVGSVGElement {
  const svg = s('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    class: 'chart opinion-chart',
    role: 'img',
    'aria-label': 'label shares over time with intervals',
    'data-testid': 'opinion-chart',
  });
  if (points.length === 0) return svg;

  const times = points.map((point) => (Date.parse(point.bucket_start) + Date.parse(point.bucket_end)) / 2);
  const shiftTimes = shifts.map((shift) => Date.parse(shift.after.from));
  const from = Math.min(Date.parse(points[0].bucket_start), ...shiftTimes);
  const to = Math.max(Date.parse(points[points.length - 1].bucket_end), ...shiftTimes);
  const x = linearScale([from, to], [MARGIN.left, WIDTH - MARGIN.right]);
  const y = linearScale([0, 1], [HEIGHT - MARGIN.bottom, MARGIN.top]);

  for (const share of [0, 0.25, 0.5, 0.75, 1]) {
    svg.append(
      s('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(share), y2: y(share), class: 'grid' }),
    );
    svg.append(
      s(
        'text',
        { x: MARGIN.left - 6, y: y(share) + 4, class: 'tick', 'text-anchor': 'end' },
        formatPercent(share).replace('.0', ''),
      ),
    );
  }
  for (const tick of timeTicks(from, to, 7))
    svg.append(
      s(
        'text',
        {
          x: x(tick),
          y: HEIGHT - 8,
          class: 'tick',
          'text-anchor': tickAnchor(x(tick), MARGIN.left, WIDTH - MARGIN.right),
        },
        formatHour(tick),
      ),
    );

  const labels = [
    ...new Set(points.flatMap((point) => kinds.flatMap((kind) => Object.keys(point[kind] ?? {})))),
  ].sort();
  const bands = s('g', { class: 'bands' });
  const lines = s('g', { class: 'lines' });
  const banded = bandedKind(kinds);
  labels.forEach((label, labelIndex) => {
    const colour = labelColour(label, labelIndex);
    for (const kind of kinds) {
      const style = SERIES_KINDS.find((item) => item.kind === kind);
      const present = points
        .map((point, index) => ({ at: times[index], value: point[kind]?.[label] }))
        .filter((item): item is { at: number; value: { share: number; ci_low: number; ci_high: number } } =>
          Boolean(item.value),
        );
      if (present.length === 0) continue;
      const upper = present.map((item) => `${x(item.at).toFixed(1)},${y(item.value.ci_high).toFixed(1)}`);
      const lower = present
        .map((item) => `${x(item.at).toFixed(1)},${y(item.value.ci_low).toFixed(1)}`)
        .reverse();
      if (kind === banded)
        bands.append(
          s('polygon', {
            points: [...upper, ...lower].join(' '),
            fill: colour,
            class: 'band',
            'data-testid': 'interval-band',
            'data-label': label,
            'data-kind': kind,
          }),
        );
      const line = s('polyline', {
        points: present.map((item) => `${x(item.at).toFixed(1)},${y(item.value.share).toFixed(1)}`).join(' '),
        stroke: colour,
        'stroke-dasharray': style?.dash,
        class: 'series',
        'data-testid': 'series-line',
        'data-label': label,
        'data-kind': kind,
        'data-times': present.map((item) => new Date(item.at).toISOString()).join(','),
        'data-shares': present.map((item) => item.value.share.toFixed(4)).join(','),
      });
      line.append(s('title', {}, `${label} (${style?.label ?? kind})`));
      lines.append(line);
    }
  });
  svg.append(bands, lines);

  // Several detectors usually flag the same change: one marker per start time and label, naming them all.
  const markers = new Map<string, Shift[]>();
  for (const shift of shifts) {
    const key = `${shift.after.from}\u0000${shift.label}`;
    markers.set(key, [...(markers.get(key) ?? []), shift]);
  }
  [...markers.values()].forEach((group, index) => {
    const [shift] = group;
    const at = Date.parse(shift.after.from);
    const colour = labelColour(shift.label, labels.indexOf(shift.label));
    const detectors = group.map((item) => item.detector).join(', ');
    const marker = s(
      'g',
      {
        class: 'shift-marker',
        'data-testid': 'shift-marker',
        'data-at': shift.after.from,
        'data-label': shift.label,
        'data-detectors': detectors,
      },
      s('line', { x1: x(at), x2: x(at), y1: MARGIN.top - 4, y2: HEIGHT - MARGIN.bottom, stroke: colour }),
      s(
        'text',
        {
          x: x(at) + 4,
          y: MARGIN.top - 12 + (index % 2) * 12,
          class: 'marker-text',
          fill: colour,
          'text-anchor': x(at) > WIDTH - 240 ? 'end' : 'start',
        },
        `${shift.label} ${shift.size >= 0 ? '+' : ''}${(shift.size * 100).toFixed(1)} pts · ${detectors}`,
      ),
    );
    marker.append(
      s(
        'title',
        {},
        group
          .map(
            (item) =>
              `${item.detector}: ${item.label} ${formatPercent(item.before.share)} → ${formatPercent(item.after.share)} from ${formatTime(item.after.from)}`,
          )
          .join('\n'),
      ),
    );
    svg.append(marker);
  });
  return svg;
}

/** Intervals are drawn for one series only (corrected when shown): overlapping bands of three hide the lines. */
export function bandedKind(kinds: SeriesKind[]): SeriesKind | undefined {
  return kinds.includes('corrected') ? 'corrected' : kinds[0];
}

export function chartLegend(labels: string[], kinds: SeriesKind[]): HTMLElement {
  return h(
    'div',
    { class: 'legend', 'data-testid': 'chart-legend' },
    ...labels.map((label, index) =>
      h(
        'span',
        { class: 'legend-item' },
        h('span', { class: 'swatch', style: `background:${labelColour(label, index)}` }),
        label,
      ),
    ),
    ...kinds.map((kind) => {
      const style = SERIES_KINDS.find((item) => item.kind === kind);
      return h(
        'span',
        { class: `legend-item legend-${kind}` },
        h('span', { class: `stroke stroke-${kind}` }),
        style?.label ?? kind,
      );
    }),
    h(
      'span',
      { class: 'legend-item muted' },
      `bands: confidence intervals of the ${SERIES_KINDS.find((item) => item.kind === bandedKind(kinds))?.label ?? ''} shares · vertical lines: detected shifts`,
    ),
  );
}
