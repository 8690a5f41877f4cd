import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/** The data source deploy/grafana/provisioning/datasources/prometheus.yml provisions under this uid. */
export const PROMETHEUS_DATASOURCE: common.DataSourceRef = { type: 'prometheus', uid: 'riptide-prometheus' };

/** Half and a third of Grafana’s 24-column grid (a half is the default width). */
const HALF = 12;
export const THIRD = 8;
const PANEL_HEIGHT = 8;
const STAT_HEIGHT = 4;

interface Series {
  readonly expr: string;
  /** Grafana's legend template, such as `{{job}} {{topic}}`. */
  readonly legend: string;
}

interface PanelOptions {
  readonly title: string;
  readonly description: string;
  /** A Grafana unit id: `short`, `percentunit`, `s`, `bytes`, `ops`... */
  readonly unit: string;
  readonly series: readonly Series[];
  readonly width?: number;
}

function targets(series: readonly Series[]): prometheus.DataqueryBuilder[] {
  return series.map(({ expr, legend }, index) =>
    new prometheus.DataqueryBuilder()
      .datasource(PROMETHEUS_DATASOURCE)
      .refId(String.fromCharCode(65 + index))
      .expr(expr)
      .legendFormat(legend),
  );
}

/** A time series panel with a visible legend (the SDK hides it by default). */
export function timeSeriesPanel(options: PanelOptions): timeseries.PanelBuilder {
  return new timeseries.PanelBuilder()
    .title(options.title)
    .description(options.description)
    .datasource(PROMETHEUS_DATASOURCE)
    .unit(options.unit)
    .span(options.width ?? HALF)
    .height(PANEL_HEIGHT)
    .fillOpacity(10)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom),
    )
    .targets(targets(options.series));
}

/** A single-figure panel: each series' latest value, coloured by the thresholds when given. */
export function statPanel(
  options: PanelOptions & { readonly thresholds?: dashboard.Threshold[] },
): stat.PanelBuilder {
  const panel = new stat.PanelBuilder()
    .title(options.title)
    .description(options.description)
    .datasource(PROMETHEUS_DATASOURCE)
    .unit(options.unit)
    .span(options.width ?? THIRD)
    .height(STAT_HEIGHT)
    .graphMode(common.BigValueGraphMode.Area)
    .colorMode(options.thresholds ? common.BigValueColorMode.Background : common.BigValueColorMode.Value)
    .targets(targets(options.series));
  if (options.thresholds)
    panel.thresholds(
      new dashboard.ThresholdsConfigBuilder()
        .mode(dashboard.ThresholdsMode.Absolute)
        .steps(options.thresholds),
    );
  return panel;
}

/** Red at 0 and green at 1: for the up/down gauges (targets, consumers, broker). */
export const UP_THRESHOLDS: dashboard.Threshold[] = [
  { value: null, color: 'red' },
  { value: 1, color: 'green' },
];

/**
 * A variable whose values are a label's values in Prometheus (`label_values(selector, label)`),
 * refreshed with the time range so that a topic or group that appears later is offered.
 */
export function labelValuesVariable(
  name: string,
  label: string,
  query: string,
  options: { readonly includeAll?: boolean } = {},
): dashboard.QueryVariableBuilder {
  const variable = new dashboard.QueryVariableBuilder(name)
    .label(label)
    .datasource(PROMETHEUS_DATASOURCE)
    .query(query)
    .definition(query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc);
  if (options.includeAll) variable.multi(true).includeAll(true).allValue('.*');
  return variable;
}

/** A dashboard with the settings all of Riptide's share: tags, refresh, time range, shared crosshair. */
export function riptideDashboard(
  uid: string,
  title: string,
  description: string,
): dashboard.DashboardBuilder {
  return new dashboard.DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(['riptide', 'generated'])
    .editable()
    .refresh('30s')
    .time({ from: 'now-6h', to: 'now' })
    .timezone('browser')
    .tooltip(dashboard.DashboardCursorSync.Crosshair);
}
