import { getJson } from '../api/api-client';
import type { OpinionSeries, Shift, TopicOpinion } from '../api/types';
import { chartLegend, opinionChart, SERIES_KINDS, type SeriesKind } from '../chart/opinion-chart';
import { href } from '../router';
import { cells, h, replaceChildren, table } from '../ui/dom';
import { errorBox } from '../ui/error-box';
import { formatCount, formatPercent, formatTime } from '../ui/format';
import type { View } from './view';

const POPULATION = '';

/** `dimension=value`, or '' for the whole population: the group selector's values and the URL's `group`. */
function groupKey(group: { dimension: string; value: string } | null): string {
  return group ? `${group.dimension}=${group.value}` : POPULATION;
}

function shiftGroupKey(shift: Shift): string {
  const [entry] = Object.entries(shift.group);
  return entry ? `${entry[0]}=${entry[1]}` : POPULATION;
}

export function topicView(topicId: string, params: URLSearchParams): View {
  return (root) => {
    const measure = params.get('measure') === 'sentiment' ? 'sentiment' : 'stance';
    const state = {
      group: params.get('group') ?? POPULATION,
      kinds: parseKinds(params.get('series')),
    };
    const body = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
    replaceChildren(
      root,
      h(
        'p',
        { class: 'crumbs' },
        h('a', { href: href(['topics']) }, 'Topics'),
        ' / ',
        h('code', {}, topicId),
      ),
      h(
        'section',
        { class: 'panel', 'data-testid': 'topic-view', 'data-topic-id': topicId },
        h('h2', {}, `Opinion on ${topicId}`),
        body,
      ),
    );

    let stopped = false;
    getJson<TopicOpinion>(`/v1/topics/${encodeURIComponent(topicId)}/opinion`, { measure, limit: 500 })
      .then((opinion) => {
        if (stopped) return;
        if (!opinion.series.some((series) => groupKey(series.group) === state.group))
          state.group = opinion.series[0] ? groupKey(opinion.series[0].group) : POPULATION;
        const chartArea = h('div', { class: 'chart-area' });
        const shiftsArea = h('div', {});
        const redraw = () => {
          drawChart(chartArea, opinion, state.group, state.kinds);
          replaceChildren(shiftsArea, shiftsSection(opinion.shifts, state.group, chooseGroup));
          // Remember the choice in the address without triggering a new route (and a new fetch).
          history.replaceState(
            null,
            '',
            href(['topics', topicId], { measure, group: state.group, series: state.kinds.join(',') }),
          );
        };
        const controlBar = controls(topicId, measure, opinion.series, opinion.shifts, state, redraw);
        const chooseGroup = (group: string) => {
          state.group = group;
          const select = controlBar.querySelector<HTMLSelectElement>('[data-testid=group-select]');
          if (select) select.value = group;
          redraw();
        };
        replaceChildren(body, controlBar, chartArea, shiftsArea);
        redraw();
      })
      .catch((error: unknown) => {
        if (!stopped) replaceChildren(body, errorBox(error));
      });
    return () => {
      stopped = true;
    };
  };
}

function parseKinds(value: string | null): SeriesKind[] {
  const wanted = (value ?? 'corrected').split(',');
  const kinds = SERIES_KINDS.map((item) => item.kind).filter((kind) => wanted.includes(kind));
  return kinds.length > 0 ? kinds : ['corrected'];
}

function controls(
  topicId: string,
  measure: string,
  series: OpinionSeries[],
  shifts: Shift[],
  state: { group: string; kinds: SeriesKind[] },
  redraw: () => void,
): HTMLElement {
  const groupSelect = h(
    'select',
    {
      name: 'group',
      'data-testid': 'group-select',
      onchange: (event: Event) => {
        state.group = (event.target as HTMLSelectElement).value;
        redraw();
      },
    },
    ...series.map((item) => {
      const key = groupKey(item.group);
      const shifted = shifts.filter((shift) => shiftGroupKey(shift) === key).length;
      return h(
        'option',
        { value: key, selected: key === state.group },
        key === POPULATION ? 'whole population' : key,
        shifted > 0 ? ` (${shifted} shift${shifted === 1 ? '' : 's'})` : '',
      );
    }),
  );
  const toggles = SERIES_KINDS.map((item) => {
    const box = h('input', {
      type: 'checkbox',
      name: item.kind,
      'data-testid': `series-toggle-${item.kind}`,
      checked: state.kinds.includes(item.kind),
      onchange: (event: Event) => {
        const checked = (event.target as HTMLInputElement).checked;
        state.kinds = SERIES_KINDS.map((kind) => kind.kind).filter((kind) =>
          kind === item.kind ? checked : state.kinds.includes(kind),
        );
        redraw();
      },
    });
    return h('label', { class: 'toggle' }, box, item.label);
  });
  const measures = ['stance', 'sentiment'].map((name) =>
    name === measure
      ? h('strong', { class: 'segment segment-active' }, name)
      : h(
          'a',
          {
            class: 'segment',
            href: href(['topics', topicId], { measure: name }),
            'data-testid': `measure-${name}`,
          },
          name,
        ),
  );
  return h(
    'div',
    { class: 'filters' },
    h('div', { class: 'field' }, h('span', {}, 'Measure'), h('div', { class: 'segments' }, ...measures)),
    h('label', { class: 'field' }, h('span', {}, 'Group'), groupSelect),
    h('div', { class: 'field' }, h('span', {}, 'Series'), h('div', { class: 'toggles' }, ...toggles)),
  );
}

function drawChart(area: HTMLElement, opinion: TopicOpinion, group: string, kinds: SeriesKind[]): void {
  const series = opinion.series.find((item) => groupKey(item.group) === group);
  if (!series || series.points.length === 0) {
    replaceChildren(
      area,
      h('p', { class: 'muted', 'data-testid': 'empty' }, 'No estimates for this group yet.'),
    );
    return;
  }
  const shifts = opinion.shifts.filter((shift) => shiftGroupKey(shift) === group);
  const labels = [
    ...new Set(series.points.flatMap((point) => Object.keys(point.corrected ?? point.raw ?? {}))),
  ].sort();
  const last = series.points[series.points.length - 1];
  replaceChildren(
    area,
    chartLegend(labels, kinds),
    opinionChart(series.points, kinds, shifts),
    h(
      'p',
      { class: 'muted' },
      `${formatCount(series.points.length)} buckets; the latest holds ${formatCount(last.n)} posts (effective ${formatCount(last.n_eff)}), `,
      `corrected by ${last.correction}, model ${last.model}.`,
    ),
  );
}

/** The shifts of the group on the chart, newest first, and a way over to the other groups that shifted. */
function shiftsSection(shifts: Shift[], group: string, chooseGroup: (group: string) => void): HTMLElement {
  const mine = shifts
    .filter((shift) => shiftGroupKey(shift) === group)
    .sort((a, b) => b.after.from.localeCompare(a.after.from) || a.detector.localeCompare(b.detector));
  const elsewhere = new Map<string, number>();
  for (const shift of shifts) {
    const key = shiftGroupKey(shift);
    if (key !== group) elsewhere.set(key, (elsewhere.get(key) ?? 0) + 1);
  }
  const rows = mine.map((shift) => {
    const row = h('tr', { 'data-testid': 'shift-row', 'data-shift-id': shift.shift_id });
    row.append(
      ...cells(
        formatTime(shift.after.from),
        shift.label,
        `${formatPercent(shift.before.share)} → ${formatPercent(shift.after.share)}`,
        `${shift.size >= 0 ? '+' : ''}${(shift.size * 100).toFixed(1)} pts`,
        shift.confidence.toFixed(2),
        shift.detector,
        shift.decomposition
          ? `${shift.decomposition.kind} · within authors ${(shift.decomposition.within * 100).toFixed(1)} pts, who posts ${(shift.decomposition.composition * 100).toFixed(1)} pts`
          : '–',
      ),
    );
    return row;
  });
  return h(
    'section',
    { class: 'shifts', 'data-testid': 'shifts' },
    h('h3', {}, `Detected shifts in ${group === POPULATION ? 'the whole population' : group}`),
    rows.length === 0
      ? h('p', { class: 'muted' }, 'None in this window.')
      : h(
          'div',
          { class: 'scroll' },
          table(
            'shift-table',
            ['After window from', 'Label', 'Share', 'Size', 'Confidence', 'Detector', 'Decomposition'],
            rows,
          ),
        ),
    elsewhere.size > 0
      ? h(
          'p',
          { class: 'muted' },
          'Also shifted: ',
          ...[...elsewhere.entries()]
            .sort((a, b) => a[0].localeCompare(b[0]))
            .map(([key, count]) =>
              h(
                'button',
                { type: 'button', class: 'link-button', onclick: () => chooseGroup(key) },
                `${key === POPULATION ? 'whole population' : key} (${count})`,
              ),
            ),
        )
      : null,
  );
}
