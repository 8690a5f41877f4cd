import { h } from '../ui/dom';
import { formatHour } from '../ui/format';
import { linearScale, s, tickAnchor, timeTicks } from '../ui/svg';

const WIDTH = 1200;
const HEIGHT = 180;
const MARGIN = { top: 10, right: 12, bottom: 24, left: 40 };
const HOUR = 3_600_000;

/** Evidence edges per hour as bars: coordinated bursts show as spikes against the members' background. */
export function evidenceTimeline(timeline: { hour: string; edges: number }[]): HTMLElement {
  const section = h(
    'section',
    { class: 'panel', 'data-testid': 'evidence-timeline' },
    h('h3', {}, 'Evidence per hour'),
  );
  if (timeline.length === 0) {
    section.append(h('p', { class: 'muted' }, 'No evidence edges yet.'));
    return section;
  }
  const hours = timeline.map((point) => ({ at: Date.parse(point.hour), edges: point.edges }));
  const from = Math.min(...hours.map((point) => point.at));
  const to = Math.max(...hours.map((point) => point.at)) + HOUR;
  const peak = Math.max(...hours.map((point) => point.edges), 1);
  const x = linearScale([from, to], [MARGIN.left, WIDTH - MARGIN.right]);
  const y = linearScale([0, peak], [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const barWidth = Math.max(1, x(from + HOUR) - x(from) - 1);

  const svg = s('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    class: 'chart',
    role: 'img',
    'aria-label': 'evidence edges per hour',
  });
  svg.append(s('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(0), y2: y(0), class: 'axis' }));
  for (const tick of [0, Math.round(peak / 2), peak]) {
    svg.append(
      s('text', { x: MARGIN.left - 6, y: y(tick) + 4, class: 'tick', 'text-anchor': 'end' }, String(tick)),
    );
  }
  for (const tick of timeTicks(from, to, 6)) {
    svg.append(
      s(
        'text',
        {
          x: x(tick),
          y: HEIGHT - 6,
          class: 'tick',
          'text-anchor': tickAnchor(x(tick), MARGIN.left, WIDTH - MARGIN.right),
        },
        formatHour(tick),
      ),
    );
  }
  for (const point of hours) {
    const bar = s('rect', {
      x: x(point.at),
      y: y(point.edges),
      width: barWidth,
      height: y(0) - y(point.edges),
      class: 'bar',
      'data-testid': 'timeline-bar',
    });
    bar.append(s('title', {}, `${formatHour(point.at)} UTC: ${point.edges} evidence edges`));
    svg.append(bar);
  }
  section.append(svg);
  return section;
}
