import { describe, expect, it } from 'vitest';
import { dashboardQueries, parsePromql, selectedMetrics } from './support/prometheus/dashboard-queries';
import { definedMetricNames, undefinedMetrics } from './support/prometheus/defined-metrics';

const DASHBOARDS = ['Riptide / Coordinated spread', 'Riptide / Opinion shift', 'Riptide / Pipeline health'];

/** Offline: no server. Every query the committed dashboards send to Prometheus parses as PromQL. */
describe('committed Grafana dashboards', () => {
  const queries = dashboardQueries();

  it('hold queries of every kind: panels, annotations and template variables, for each dashboard', () => {
    expect([...new Set(queries.map((query) => query.dashboard))]).toEqual(DASHBOARDS);
    expect(new Set(queries.map((query) => query.source))).toEqual(
      new Set(['panel', 'annotation', 'variable']),
    );
  });

  it('substitute every template variable', () => {
    expect(queries.filter((query) => query.expr.includes('$'))).toEqual([]);
  });

  it.each(queries.map((query) => [`${query.dashboard} / ${query.title}`, query] as const))(
    'parses: %s',
    (_name, query) => parsePromql(query),
  );

  it('select only metrics the services define', () => {
    const defined = definedMetricNames();
    const unknown = queries.flatMap((query) =>
      undefinedMetrics(selectedMetrics(query.expr), defined).map((name) => `${query.title}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('fails naming the query and the position when PromQL does not parse', () => {
    expect(() =>
      parsePromql({ dashboard: 'd', source: 'panel', title: 'broken', expr: 'sum(rate(up[5m])' }),
    ).toThrow(/d \/ panel "broken": PromQL does not parse at \d+/);
  });

  it('substitutes given values, escaping regex matchers, and `.*` for an unset regex variable', () => {
    const [opinion] = dashboardQueries(undefined, {
      variables: { topic: 'climate', dimension: 'age_group', group: '65+', label: 'favor' },
    }).filter((query) => query.title.startsWith('Share of'));
    expect(opinion.expr).toContain('topic="climate"');
    expect(opinion.expr).toContain('group="65+"');
    const pipeline = dashboardQueries().find((query) => query.title === 'Targets up')!;
    expect(pipeline.expr).toBe('up{job=~".*"}');
    const escaped = dashboardQueries(undefined, { variables: { job: 'a.b' } }).find(
      (query) => query.title === 'Targets up',
    )!;
    expect(escaped.expr).toBe('up{job=~"a\\\\.b"}');
  });
});
